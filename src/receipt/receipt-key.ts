/**
 * The register's receipt key: an Ed25519 key that signs handover receipts, kept exactly as the
 * transparency log's key is (src/transparency/log-key.ts: one file in the signed-note signer
 * form, made with mode 0600 on first use, refused when others can read it) but separate from
 * it, so that a receipt can never be passed off as a checkpoint or the other way round, and
 * either key can be replaced alone. Its verifier key is published (`sijill receipt key`,
 * GET /api/receipts/key) so a receiving state can verify receipts offline.
 *
 * SIJILL_RECEIPT_KEY_FILE (default `<SIJILL_DATA_DIR>/receipt-key`) and SIJILL_RECEIPT_KEY_NAME
 * (default `<SIJILL_LOG_ORIGIN>/receipts`) choose the file and the key's name.
 */
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { isValidKeyName } from '../ledger/signed-note.ts';
import { LogKeyError, openLogKey, readLogKey, type LogKey } from '../transparency/log-key.ts';

/** The key file is unusable. */
export class ReceiptKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptKeyError';
  }
}

export interface ReceiptKeySettings {
  readonly path: string;
  readonly name: string;
}

/** Where the receipt key is and what it is called, from the environment and the configuration. */
export function receiptKeySettings(config: Pick<Config, 'dataDir' | 'logOrigin'>, env: NodeJS.ProcessEnv = process.env): ReceiptKeySettings {
  const name = env.SIJILL_RECEIPT_KEY_NAME?.trim() || `${config.logOrigin.replace(/\/+$/, '')}/receipts`;
  if (!isValidKeyName(name)) throw new ReceiptKeyError(`SIJILL_RECEIPT_KEY_NAME (or the log origin it defaults from) must have no spaces and no plus sign, not "${name}"`);
  return { path: resolve(env.SIJILL_RECEIPT_KEY_FILE?.trim() || join(config.dataDir, 'receipt-key')), name };
}

function asReceiptKeyError(error: unknown): never {
  if (error instanceof LogKeyError) throw new ReceiptKeyError(error.message.replace(/^the log key/, 'the receipt key'));
  throw error;
}

/** Open the receipt key, creating it on first use. */
export function openReceiptKey(settings: ReceiptKeySettings): LogKey {
  try {
    return openLogKey(settings.path, settings.name);
  } catch (error) {
    return asReceiptKeyError(error);
  }
}

/** Read the receipt key if there is one (verification on the register's own machine needs no key argument). */
export function readReceiptKey(settings: ReceiptKeySettings): LogKey | undefined {
  try {
    return readLogKey(settings.path);
  } catch (error) {
    return asReceiptKeyError(error);
  }
}
