/**
 * The signed handover receipt as a document: the receipt (src/domain/handover-receipt.ts),
 * the id of the key that signed it and the Ed25519 signature, in one file of canonical JSON
 * (RFC 8785, src/ledger/canonical-json.ts). What is signed is the canonical JSON of
 * `{format, receipt}`; the file is the canonical JSON of the whole document and a newline, so
 * a receipt has exactly one form and any byte changed is caught: the JSON breaks, the form is
 * no longer canonical, a count no longer agrees with its list, a register number loses its
 * check character, or the signature fails.
 *
 * `verifyReceipt` is what `sijill receipt verify` runs and what a receiving state runs offline
 * with the register's published verifier key; `receiptView` is the shape the printed receipt
 * is rendered from.
 */
import { createHash } from 'node:crypto';
import { receiptFormat, type HandoverReceipt } from '../domain/handover-receipt.ts';
import { parseRegisterNumber } from '../domain/register-number.ts';
import { isUuid } from '../domain/values.ts';
import { decodeBase64, encodeBase64 } from '../ledger/base64.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';
import { ed25519NoteVerifier, type NoteSigner, type NoteVerifier } from '../ledger/signed-note.ts';
import { isInstant } from '../domain/values.ts';

export interface ReceiptDocument {
  readonly format: typeof receiptFormat;
  readonly receipt: HandoverReceipt;
  /** `<key name>+<key id, 8 hex digits>`, as the verifier key string begins. */
  readonly key_id: string;
  /** Base64 of the 64-byte Ed25519 signature over the canonical JSON of `{format, receipt}`. */
  readonly signature: string;
}

const keyLabel = (name: string, keyId: number) => `${name}+${keyId.toString(16).padStart(8, '0')}`;

/** The bytes a receipt's signature covers. */
export function signedBytes(receipt: HandoverReceipt): Buffer {
  return Buffer.from(canonicalJson({ format: receiptFormat, receipt }), 'utf8');
}

/** Sign a receipt with the register's receipt key. Ed25519 is deterministic: the same receipt always gives the same document. */
export function signReceipt(receipt: HandoverReceipt, signer: NoteSigner): ReceiptDocument {
  return { format: receiptFormat, receipt, key_id: keyLabel(signer.name, signer.keyId), signature: encodeBase64(signer.sign(signedBytes(receipt))) };
}

/** The receipt file: canonical JSON and a newline. */
export function receiptFileText(document: ReceiptDocument): string {
  return `${canonicalJson(document)}\n`;
}

/** Why a receipt file does not verify: the field (JSON pointer) and what is wrong. */
export interface ReceiptFailure {
  readonly ok: false;
  readonly field: string;
  readonly message: string;
}

export type ReceiptVerification = { readonly ok: true; readonly document: ReceiptDocument; readonly key_id: string } | ReceiptFailure;

const fail = (field: string, message: string): ReceiptFailure => ({ ok: false, field, message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

function exactKeys(object: Record<string, unknown>, keys: readonly string[], at: string): ReceiptFailure | null {
  for (const key of Object.keys(object)) if (!keys.includes(key)) return fail(`${at}/${key}`, `"${key}" is not part of a handover receipt`);
  for (const key of keys) if (!(key in object)) return fail(`${at}/${key}`, `"${key}" is missing`);
  return null;
}

/** Check the receipt's own consistency: every field present and well formed, every count agreeing with its list. */
function checkReceipt(r: unknown): ReceiptFailure | null {
  if (!isObject(r)) return fail('/receipt', 'the receipt is not an object');
  const keys = exactKeys(r, ['receipt_id', 'transfer_id', 'released', 'received', 'count', 'received_register_numbers', 'not_received', 'issued_at', 'issued_by'], '/receipt');
  if (keys) return keys;
  for (const id of ['receipt_id', 'transfer_id'] as const) if (typeof r[id] !== 'string' || !isUuid(r[id] as string)) return fail(`/receipt/${id}`, 'not a UUID');
  for (const side of ['released', 'received'] as const) {
    const s = r[side];
    if (!isObject(s)) return fail(`/receipt/${side}`, 'not an object');
    const sideKeys = exactKeys(s, side === 'released' ? ['official', 'at', 'place', 'escort_authority', 'escort_commander'] : ['official', 'at', 'place'], `/receipt/${side}`);
    if (sideKeys) return sideKeys;
    for (const [k, v] of Object.entries(s)) {
      if (k === 'at' ? !isInstant(v) : !isText(v)) return fail(`/receipt/${side}/${k}`, k === 'at' ? 'not an ISO 8601 time' : 'empty or not text');
    }
  }
  if (!isInstant(r.issued_at)) return fail('/receipt/issued_at', 'not an ISO 8601 time');
  if (!isText(r.issued_by)) return fail('/receipt/issued_by', 'empty or not text');
  const count = r.count;
  if (!isObject(count)) return fail('/receipt/count', 'not an object');
  const countKeys = exactKeys(count, ['dispatched', 'received', 'not_received'], '/receipt/count');
  if (countKeys) return countKeys;
  for (const [k, v] of Object.entries(count)) if (!isCount(v)) return fail(`/receipt/count/${k}`, 'not a count (a whole number, 0 or more)');
  const received = r.received_register_numbers;
  const missing = r.not_received;
  if (!Array.isArray(received)) return fail('/receipt/received_register_numbers', 'not a list');
  if (!Array.isArray(missing)) return fail('/receipt/not_received', 'not a list');
  const seen = new Set<string>();
  for (const [i, n] of received.entries()) {
    if (typeof n !== 'string' || parseRegisterNumber(n) !== n) return fail(`/receipt/received_register_numbers/${i}`, `${JSON.stringify(n)} is not a register number (its check character does not agree)`);
    if (seen.has(n)) return fail(`/receipt/received_register_numbers/${i}`, `${n} is listed twice`);
    seen.add(n);
  }
  for (const [i, m] of missing.entries()) {
    if (!isObject(m)) return fail(`/receipt/not_received/${i}`, 'not an object');
    const mKeys = exactKeys(m, ['register_number', 'status'], `/receipt/not_received/${i}`);
    if (mKeys) return mKeys;
    if (typeof m.register_number !== 'string' || parseRegisterNumber(m.register_number) !== m.register_number) return fail(`/receipt/not_received/${i}/register_number`, `${JSON.stringify(m.register_number)} is not a register number (its check character does not agree)`);
    if (seen.has(m.register_number)) return fail(`/receipt/not_received/${i}/register_number`, `${m.register_number} is listed twice`);
    seen.add(m.register_number);
    if (!['in_transit', 'discrepancy', 'unaccounted', 'returned', 'exited'].includes(m.status as string)) return fail(`/receipt/not_received/${i}/status`, `${JSON.stringify(m.status)} is not where a person not received can stand`);
  }
  if (count.received !== received.length) return fail('/receipt/count/received', `the count says ${count.received as number} received, but ${received.length} register numbers are listed`);
  if (count.not_received !== missing.length) return fail('/receipt/count/not_received', `the count says ${count.not_received as number} not received, but ${missing.length} persons are listed`);
  if (count.dispatched !== (count.received as number) + (count.not_received as number)) {
    return fail('/receipt/count/dispatched', `the count says ${count.dispatched as number} dispatched, but received and not received add up to ${(count.received as number) + (count.not_received as number)}`);
  }
  return null;
}

/**
 * Verify a receipt file against the register's verifier key (the key string `sijill receipt
 * key` prints). Every failure names the field and what is wrong with it.
 */
export function verifyReceipt(file: string | Uint8Array, verifierKey: string | NoteVerifier): ReceiptVerification {
  let text: string;
  try {
    text = typeof file === 'string' ? file : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file);
  } catch {
    return fail('', 'the file is not UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail('', `the file is not JSON (${(error as Error).message}): it was damaged or edited`);
  }
  if (!isObject(parsed)) return fail('', 'the file is not a handover receipt (not a JSON object)');
  let canonical: string;
  try {
    canonical = canonicalJson(parsed);
  } catch (error) {
    return fail('', `the file holds a value a receipt cannot: ${(error as Error).message}`);
  }
  const keys = exactKeys(parsed, ['format', 'receipt', 'key_id', 'signature'], '');
  if (keys) return keys;
  if (parsed.format !== receiptFormat) return fail('/format', `${JSON.stringify(parsed.format)} is not ${receiptFormat}`);
  if (`${canonical}\n` !== text) return fail('', 'the file is not the receipt as issued: it is not in its canonical form (RFC 8785 JSON and one final newline); it was edited or reformatted');
  const bad = checkReceipt(parsed.receipt);
  if (bad) return bad;
  let verifier: NoteVerifier;
  try {
    verifier = typeof verifierKey === 'string' ? ed25519NoteVerifier(verifierKey.trim()) : verifierKey;
  } catch (error) {
    throw new Error(`the verifier key is not an Ed25519 verifier key: ${(error as Error).message}`);
  }
  const expected = keyLabel(verifier.name, verifier.keyId);
  if (parsed.key_id !== expected) return fail('/key_id', `the receipt names the key ${JSON.stringify(parsed.key_id)}, but the key given is ${expected}: it was not signed by this register's receipt key`);
  const signature = typeof parsed.signature === 'string' ? decodeBase64(parsed.signature) : undefined;
  if (!signature || signature.length !== 64) return fail('/signature', 'not a base64 Ed25519 signature (64 bytes)');
  const document = parsed as unknown as ReceiptDocument;
  if (!verifier.verify(signedBytes(document.receipt), signature)) {
    return fail('/signature', 'the signature does not verify: the receipt’s content was changed after it was signed');
  }
  return { ok: true, document, key_id: expected };
}

/** What a printed receipt shows: the document's facts, laid out for rendering, and a short fingerprint to read aloud or encode in a QR code. */
export interface ReceiptView {
  readonly receipt_id: string;
  readonly transfer_id: string;
  readonly released: HandoverReceipt['released'];
  readonly received: HandoverReceipt['received'];
  readonly count: HandoverReceipt['count'];
  /** One line per person, received first, in the receipt's order. */
  readonly persons: readonly { readonly register_number: string; readonly outcome: 'received' | HandoverReceipt['not_received'][number]['status'] }[];
  readonly issued_at: string;
  readonly issued_by: string;
  readonly key_id: string;
  readonly signature: string;
  /** SHA-256 of the receipt file, hex, in groups of four: the same file always shows the same fingerprint. */
  readonly fingerprint: string;
}

export function receiptView(document: ReceiptDocument): ReceiptView {
  const r = document.receipt;
  const digest = createHash('sha256').update(receiptFileText(document), 'utf8').digest('hex');
  return {
    receipt_id: r.receipt_id,
    transfer_id: r.transfer_id,
    released: r.released,
    received: r.received,
    count: r.count,
    persons: [...r.received_register_numbers.map((n) => ({ register_number: n, outcome: 'received' as const })), ...r.not_received.map((m) => ({ register_number: m.register_number, outcome: m.status }))],
    issued_at: r.issued_at,
    issued_by: r.issued_by,
    key_id: document.key_id,
    signature: document.signature,
    fingerprint: digest.slice(0, 32).match(/.{4}/g)!.join(' '),
  };
}
