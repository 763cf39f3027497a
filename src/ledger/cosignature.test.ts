import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import {
  CosignatureError,
  cosignCheckpoint,
  cosignatureVerifier,
  cosignedMessage,
  cosigner,
  cosignerVerifierKey,
  parseCosignature,
} from './cosignature.ts';
import { openCheckpoint, signCheckpoint } from './checkpoint.ts';
import { NoteError, ed25519NoteSigner, ed25519NoteVerifier, formatNote, openNote, parseNote } from './signed-note.ts';
import type { NoteSignature } from './signed-note.ts';
import { vectors } from './testdata/vectors.ts';

const cosig = vectors.tlog_cosignature_v1;
const example = vectors.tlog_checkpoint.example_unverifiable;
const exampleText = parseNote(example).text;
const logKey = vectors.signed_note.production_sumdb_checkpoint.fixed_test_keys_same_file.Log;

// A witness key made with node:crypto directly, so the checks below do not go through our Ed25519 wrapper.
const witness = generateKeyPairSync('ed25519');
const witnessSeed = Buffer.from(witness.privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
const witnessPublic = Buffer.from(witness.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
const witnessName = 'witness.example/w1';

test('the signed message matches the C2SP example', () => {
  assert.equal(cosignedMessage(exampleText, 1679315147).toString('utf8'), cosig.signed_message_example);
});

test('published cosignatures parse to their key IDs and timestamps; a plain signature does not', () => {
  const [fromLine, fromFormats, plain] = cosig.parse_vectors;
  assert.ok(fromLine !== undefined && fromFormats !== undefined && plain !== undefined);

  const line = parseNote(`${exampleText}\n${fromLine.line}\n`).signatures[0] as NoteSignature;
  assert.equal(line.keyId.toString(16).padStart(8, '0'), fromLine.key_id);
  assert.equal(parseCosignature(line.signature).timestamp, fromLine.timestamp);

  const bytes = Buffer.from(fromFormats.sig_base64 ?? '', 'base64');
  assert.equal(bytes.subarray(0, 4).toString('hex'), fromFormats.key_id);
  assert.equal(parseCosignature(bytes.subarray(4)).timestamp, fromFormats.timestamp);

  const plainBytes = Buffer.from(plain.sig_base64 ?? '', 'base64');
  assert.equal(plainBytes.length, 68);
  assert.throws(() => parseCosignature(plainBytes.subarray(4)), CosignatureError);
});

test('a cosignature is the key ID, an 8-byte timestamp and an Ed25519 signature over the cosigned message', () => {
  const signer = cosigner(witnessName, witnessSeed, () => 1679315147);
  const expectedKeyId = createHash('sha256').update(`${witnessName}\n`).update(Buffer.from([0x04])).update(witnessPublic).digest().readUInt32BE(0);
  assert.equal(signer.keyId, expectedKeyId);

  const bytes = signer.sign(Buffer.from(exampleText));
  assert.equal(bytes.length, 72);
  assert.equal(bytes.readBigUInt64BE(0), 1679315147n);
  assert.ok(verify(null, Buffer.from(cosig.signed_message_example), witness.publicKey, bytes.subarray(8)));

  const vkey = `${witnessName}+${expectedKeyId.toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([0x04]), witnessPublic]).toString('base64')}`;
  assert.equal(cosignerVerifierKey(witnessName, witnessPublic), vkey);
});

test('a witness cosigns a log checkpoint and a client verifies both signatures', () => {
  const checkpoint = { origin: 'Log', size: 20852163, rootHash: Buffer.alloc(32, 1), extensions: [] };
  const signed = signCheckpoint(checkpoint, [ed25519NoteSigner(logKey.skey)]);
  const cosigned = cosignCheckpoint(signed, cosigner(witnessName, witnessSeed, () => 1700000000));
  assert.ok(cosigned.startsWith(signed), 'the log signature stays first');

  const witnessVerifier = cosignatureVerifier(cosignerVerifierKey(witnessName, witnessPublic));
  const opened = openCheckpoint(cosigned, [ed25519NoteVerifier(logKey.vkey), witnessVerifier], { origin: 'Log' });
  assert.equal(opened.note.verified.length, 2);
  const witnessSignature = opened.note.verified.find((s) => s.name === witnessName) as NoteSignature;
  assert.equal(parseCosignature(witnessSignature.signature).timestamp, 1700000000);

  // The witness alone is enough for openNote; a policy wanting the log's key checks for it.
  assert.deepEqual(openNote(cosigned, [witnessVerifier]).unverified.map((s) => s.name), ['Log']);
});

test('a changed timestamp, checkpoint or key type fails cosignature verification', () => {
  const signed = signCheckpoint({ origin: 'Log', size: 1, rootHash: Buffer.alloc(32, 2), extensions: [] }, [ed25519NoteSigner(logKey.skey)]);
  const cosigned = cosignCheckpoint(signed, cosigner(witnessName, witnessSeed, () => 1700000000));
  const verifiers = [cosignatureVerifier(cosignerVerifierKey(witnessName, witnessPublic))];
  const note = parseNote(cosigned);
  const [logSignature, witnessSignature] = note.signatures as [NoteSignature, NoteSignature];

  const later = Buffer.from(witnessSignature.signature);
  later.writeBigUInt64BE(1700000001n, 0);
  const retimed = formatNote({ text: note.text, signatures: [logSignature, { ...witnessSignature, signature: later }] });
  assert.throws(() => openNote(retimed, verifiers), (e: unknown) => e instanceof NoteError && e.code === 'invalid-signature');

  const huge = Buffer.from(witnessSignature.signature);
  huge.writeBigUInt64BE(2n ** 63n, 0);
  assert.throws(() => parseCosignature(huge), CosignatureError);
  const hugeNote = formatNote({ text: note.text, signatures: [{ ...witnessSignature, signature: huge }] });
  assert.throws(() => openNote(hugeNote, verifiers), (e: unknown) => e instanceof NoteError && e.code === 'invalid-signature');

  const otherText = formatNote({ text: note.text.replace('\n1\n', '\n2\n'), signatures: [witnessSignature] });
  assert.throws(() => openNote(otherText, verifiers), (e: unknown) => e instanceof NoteError && e.code === 'invalid-signature');

  // A plain Ed25519 note key (type 0x01) cannot be used as a cosigner key.
  assert.throws(() => cosignatureVerifier(logKey.vkey), NoteError);
});
