import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_SIGNATURES,
  NoteError,
  computeKeyId,
  ed25519NoteSigner,
  ed25519NoteVerifier,
  ed25519VerifierKeyOf,
  formatNote,
  formatSignatureLine,
  generateEd25519NoteKey,
  openNote,
  parseNote,
  parseSignatureLine,
  parseVerifierKey,
  signNote,
} from './signed-note.ts';
import type { NoteErrorCode, NoteSignature } from './signed-note.ts';
import { vectors } from './testdata/vectors.ts';

const go = vectors.signed_note.go_sumdb_note;
const c2sp = vectors.signed_note.c2sp_signed_note_example;
const sumdb = vectors.signed_note.production_sumdb_checkpoint;

const refusedWith = (code: NoteErrorCode) => (error: unknown) => error instanceof NoteError && error.code === code;
const labels = (signatures: readonly NoteSignature[]): string[] => signatures.map((s) => `${s.name}+${s.keyId.toString(16).padStart(8, '0')}`);

test('the Go example key signs the Go example note byte for byte, and it verifies', () => {
  const signer = ed25519NoteSigner(go.skey);
  assert.equal(signer.keyId, 0xc74f20a3);
  assert.equal(ed25519VerifierKeyOf(go.skey), go.vkey);
  assert.equal(signNote(go.text, [signer]), go.signed_note);

  const opened = openNote(go.signed_note, [ed25519NoteVerifier(go.vkey)]);
  assert.equal(opened.text, go.text);
  assert.deepEqual(labels(opened.verified), ['PeterNeumann+c74f20a3']);
  assert.deepEqual(opened.unverified, []);
});

test('a second signer is verified when known and kept aside when not', () => {
  const doubly = go.signed_note + go.second_signer.sig_line;
  const both = openNote(doubly, [ed25519NoteVerifier(go.vkey), ed25519NoteVerifier(go.second_signer.vkey)]);
  assert.deepEqual(labels(both.verified), ['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78']);

  const enochOnly = openNote(doubly, [ed25519NoteVerifier(go.second_signer.vkey)]);
  assert.deepEqual(labels(enochOnly.verified), ['EnochRoot+af0cfe78']);
  assert.deepEqual(labels(enochOnly.unverified), ['PeterNeumann+c74f20a3']);

  // Re-signing keeps the existing signature and appends the new one.
  const note = parseNote(go.signed_note);
  const enoch = ed25519NoteVerifier(go.second_signer.vkey);
  assert.equal(enoch.keyId, 0xaf0cfe78);
  const resigned = signNote(note.text, [ed25519NoteSigner(go.skey)], note.signatures);
  assert.equal(resigned, go.signed_note, 'a key signing again replaces its old signature');
});

test('the C2SP signed-note example verifies and its key ID recomputes', () => {
  const verifier = ed25519NoteVerifier(c2sp.vkey);
  assert.equal(verifier.keyId, 0x530d903a);
  const key = parseVerifierKey(c2sp.vkey);
  assert.equal(computeKeyId(key.name, key.type, key.publicKey), 0x530d903a);
  assert.equal(openNote(c2sp.signed_note, [verifier]).text, 'This is an example message.\n');
});

test('the real checksum-database checkpoint and three more signatures over it verify', () => {
  const opened = openNote(sumdb.signed_note, [ed25519NoteVerifier(sumdb.vkey)]);
  assert.deepEqual(labels(opened.verified), ['sum.golang.org+033de0ae']);

  const all = sumdb.signed_note + sumdb.extra_signatures_over_same_text.map((extra) => `${extra.line}\n`).join('');
  const verifiers = [sumdb.vkey, ...sumdb.extra_signatures_over_same_text.map((extra) => extra.vkey)].map(ed25519NoteVerifier);
  const everyone = openNote(all, verifiers);
  assert.deepEqual(labels(everyone.verified), ['sum.golang.org+033de0ae', 'monkeys+db4d9f7e', 'bananas+cf639f13', 'witness+f13a86db']);
  assert.equal(everyone.text, opened.text);
});

test('published test-only keys: signer and verifier strings belong together', () => {
  for (const { skey, vkey } of [sumdb.fixed_test_keys_same_file.Log, sumdb.fixed_test_keys_same_file.Known]) {
    assert.equal(ed25519VerifierKeyOf(skey), vkey);
    const signed = signNote('go.sum database tree\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', [ed25519NoteSigner(skey)]);
    assert.equal(openNote(signed, [ed25519NoteVerifier(vkey)]).verified.length, 1);
  }
});

test('malformed verifier keys from the Go tests are refused', () => {
  const quoted = go.negative.flatMap((line) => [...line.matchAll(/^vkey '([^']+)' must be rejected/g)].map((m) => m[1] as string));
  assert.equal(quoted.length, 2);
  for (const vkey of quoted) assert.throws(() => ed25519NoteVerifier(vkey), NoteError, vkey);
});

test('every strict substring and every single-character increment of the key strings is refused', () => {
  const variants = (key: string): string[] => {
    const out: string[] = [];
    for (let start = 0; start < key.length; start++) {
      for (let end = start + 1; end <= key.length; end++) if (end - start < key.length) out.push(key.slice(start, end));
    }
    for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
    return out;
  };
  for (const bad of variants(go.vkey)) assert.throws(() => ed25519NoteVerifier(bad), NoteError, bad);
  for (const bad of variants(go.skey)) assert.throws(() => ed25519NoteSigner(bad), NoteError, bad);
});

test('signature count: at least 16 accepted, more than the cap (100 by default) refused', () => {
  const signer = ed25519NoteSigner(go.skey);
  const stranger = (i: number): NoteSignature => ({ name: `stranger${i}`, keyId: i, signature: Buffer.alloc(64, i) });
  const withSignatures = (count: number): string => signNote(go.text, [signer], Array.from({ length: count - 1 }, (_, i) => stranger(i)));
  const verifier = ed25519NoteVerifier(go.vkey);

  assert.equal(openNote(withSignatures(16), [verifier]).unverified.length, 15);
  assert.equal(openNote(withSignatures(DEFAULT_MAX_SIGNATURES), [verifier]).unverified.length, DEFAULT_MAX_SIGNATURES - 1);
  assert.throws(() => openNote(withSignatures(101), [verifier]), refusedWith('too-many-signatures'));
  assert.equal(openNote(withSignatures(101), [verifier], { maxSignatures: 200 }).verified.length, 1);
  assert.throws(() => parseNote(withSignatures(16), { maxSignatures: 15 }), RangeError);
});

test('malformed notes are refused', () => {
  const line = go.signed_note.slice(go.text.length + 1, -1);
  const sig = line.slice(line.indexOf(' ', 2) + 1);
  const malformedNotes = [
    go.text, // no signatures
    `${go.text}\n`, // blank line but no signature line
    go.signed_note.slice(0, -1), // last line not terminated
    go.signed_note.replace('\n\n', '\n'), // no blank line
    `${go.text}\n— Bad Name ${sig}\n`, // space in the key name
    `${go.text}\n— Bad+Name ${sig}\n`, // plus in the key name
    `${go.text}\n—  ${sig}\n`, // empty key name
    `${go.text}\n- PeterNeumann ${sig}\n`, // hyphen instead of em dash
    `${go.text}\n— PeterNeumann ${sig.slice(0, -1)}\n`, // base64 without its padding
    `${go.text}\n— PeterNeumann ${sig} \n`, // trailing space
    `${go.text}\n— PeterNeumann AAAAAA==\n`, // key ID and no signature
    `${go.text}\n— PeterNeumann\n`, // no signature at all
    go.signed_note.replace('If you', 'If\tyou'), // control character
    go.signed_note.replace('If you', 'If\r\nyou'),
    go.signed_note.replace('If you', 'If \uD800you'), // lone surrogate
  ];
  for (const note of malformedNotes) {
    assert.throws(() => openNote(note, [ed25519NoteVerifier(go.vkey)]), refusedWith('malformed-note'), JSON.stringify(note));
  }
  const invalidUtf8 = Buffer.concat([Buffer.from([0xff]), Buffer.from(go.signed_note)]);
  assert.throws(() => parseNote(invalidUtf8), refusedWith('malformed-note'));
  assert.equal(parseNote(Buffer.from(go.signed_note)).text, go.text);
});

test('a known key with a bad signature rejects the note; unknown keys alone do not verify it', () => {
  const verifier = ed25519NoteVerifier(go.vkey);
  const note = parseNote(go.signed_note);
  const original = note.signatures[0] as NoteSignature;
  const tampered = Buffer.from(original.signature);
  tampered[0] = (tampered[0] as number) ^ 1;
  const forged = formatNote({ text: note.text, signatures: [{ ...original, signature: tampered }] });
  assert.throws(() => openNote(forged, [verifier]), refusedWith('invalid-signature'));
  assert.throws(() => openNote(go.signed_note.replace('what your', 'where your'), [verifier]), refusedWith('invalid-signature'));

  // Same name but another key ID, or same key ID under another name: another key, ignored.
  const otherId = formatNote({ text: note.text, signatures: [{ ...original, keyId: (original.keyId ^ 1) >>> 0 }] });
  assert.throws(() => openNote(otherId, [verifier]), refusedWith('no-verified-signature'));
  const otherName = formatNote({ text: note.text, signatures: [{ ...original, name: 'PeterNeuman' }] });
  assert.throws(() => openNote(otherName, [verifier]), refusedWith('no-verified-signature'));
  assert.throws(() => openNote(c2sp.signed_note, [verifier]), refusedWith('no-verified-signature'));
  assert.throws(() => openNote(go.signed_note, []), refusedWith('no-verified-signature'));
});

test('two verifiers for one name and key ID are refused as ambiguous', () => {
  const verifier = ed25519NoteVerifier(go.vkey);
  assert.throws(() => openNote(go.signed_note, [verifier, { ...verifier }]), refusedWith('ambiguous-key'));
});

test('signature lines parse and format symmetrically', () => {
  const line = go.second_signer.sig_line.slice(0, -1);
  const signature = parseSignatureLine(line);
  assert.equal(signature.name, 'EnochRoot');
  assert.equal(signature.keyId, 0xaf0cfe78);
  assert.equal(formatSignatureLine(signature), go.second_signer.sig_line);
});

test('a generated key signs notes its verifier key accepts, and signing refuses a bad text', () => {
  const { signerKey, verifierKey } = generateEd25519NoteKey('sijill.example/log');
  assert.ok(signerKey.startsWith('PRIVATE+KEY+sijill.example/log+'));
  const signed = signNote('hello\n\nworld\n', [ed25519NoteSigner(signerKey)]);
  assert.equal(openNote(signed, [ed25519NoteVerifier(verifierKey)]).text, 'hello\n\nworld\n');
  assert.throws(() => signNote('no final newline', [ed25519NoteSigner(signerKey)]), refusedWith('malformed-note'));
  assert.throws(() => generateEd25519NoteKey('has space'), refusedWith('malformed-key'));
});
