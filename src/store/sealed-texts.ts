/**
 * Sealed words (domain/sealed-text.ts) kept beside the log: sealed by the command that records
 * them, kept in its transaction (the command's `effect`), opened only for the independent
 * authority (queries/complaints-file.ts audits each opening). A row whose words no longer give
 * its digest is never shown: `sijill check` names it (check.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SealedText } from '../domain/sealed-text.ts';
import type { Queryable } from './database.ts';

/** Words with their salt and seal, as a command keeps them. */
export interface WordsToKeep extends SealedText {
  readonly salt: string;
  readonly words: string;
}

/** The seal of these words under this salt (hex). */
export const sealOf = (salt: string, words: string): string => createHash('sha256').update(Buffer.from(salt, 'hex')).update(words, 'utf8').digest('hex');

/** Seal words under a fresh random salt. */
export function sealWords(words: string): WordsToKeep {
  const salt = randomBytes(16).toString('hex');
  return { sha256: sealOf(salt, words), salt, words };
}

/** Keep sealed words beside the log (in the transaction that writes the events holding their seals). */
export async function keepSealedWords(tx: Queryable, kept: readonly WordsToKeep[], at: string): Promise<void> {
  for (const k of kept) await tx.query('INSERT INTO sealed_text (sha256, salt, words, kept_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [k.sha256, k.salt, k.words, at]);
}

/** The words kept under these seals, each checked against its seal (one that fails is left out). */
export async function openSealedWords(q: Queryable, seals: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(seals)];
  if (!wanted.length) return new Map();
  const { rows } = await q.query<{ sha256: string; salt: string; words: string }>('SELECT sha256, salt, words FROM sealed_text WHERE sha256 = ANY($1::text[])', [wanted]);
  return new Map(rows.filter((r) => sealOf(r.salt, r.words) === r.sha256).map((r) => [r.sha256, r.words]));
}
