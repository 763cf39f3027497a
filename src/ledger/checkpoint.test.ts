import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckpointError, formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
import { NoteError, ed25519NoteSigner, ed25519NoteVerifier, parseNote } from './signed-note.ts';
import { vectors } from './testdata/vectors.ts';

const sumdb = vectors.signed_note.production_sumdb_checkpoint;

test('the real checksum-database checkpoint opens and parses', () => {
  const { checkpoint, note } = openCheckpoint(sumdb.signed_note, [ed25519NoteVerifier(sumdb.vkey)], { origin: sumdb.origin });
  assert.equal(checkpoint.origin, sumdb.origin);
  assert.equal(checkpoint.size, sumdb.size);
  assert.equal(checkpoint.rootHash.toString('base64'), note.text.split('\n')[2]);
  assert.deepEqual(checkpoint.extensions, []);
  assert.equal(formatCheckpoint(checkpoint), note.text);
});

test('a checkpoint from another origin is refused', () => {
  assert.throws(
    () => openCheckpoint(sumdb.signed_note, [ed25519NoteVerifier(sumdb.vkey)], { origin: 'sum.golang.org' }),
    CheckpointError,
  );
});

test('formatting matches the Go sumdb golden tree text', () => {
  // The vector escapes its newlines as the two characters backslash and n.
  const golden = vectors.go_sumdb_tlog.format_tree_golden.replaceAll('\\n', '\n');
  const root = Buffer.from(vectors.rfc6962_hasher_primitives.also[0]?.want_base64 ?? '', 'base64');
  assert.equal(formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, rootHash: root, extensions: [] }), golden);
  assert.equal(parseCheckpoint(golden).size, 123456789012);
});

test('the C2SP example checkpoint parses but no known key verifies it', () => {
  const example = vectors.tlog_checkpoint.example_unverifiable;
  const checkpoint = parseCheckpoint(parseNote(example).text);
  assert.equal(checkpoint.origin, 'example.com/behind-the-sofa');
  assert.equal(checkpoint.size, 20852163);
  assert.equal(checkpoint.rootHash.toString('base64'), 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
  assert.throws(() => openCheckpoint(example, [ed25519NoteVerifier(sumdb.vkey)]), NoteError);
});

test('a checkpoint signed with the published test Log key round-trips, extension lines included', () => {
  const { skey, vkey } = sumdb.fixed_test_keys_same_file.Log;
  const checkpoint = { origin: 'Log', size: 0, rootHash: Buffer.alloc(32, 7), extensions: ['ext one', 'ext two'] };
  const signed = signCheckpoint(checkpoint, [ed25519NoteSigner(skey)]);
  assert.deepEqual(openCheckpoint(signed, [ed25519NoteVerifier(vkey)], { origin: 'Log' }).checkpoint, checkpoint);
});

test('checkpoint texts that bend the rules are refused', () => {
  const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
  const bad = [
    `example.com/log\n5\n${root}`, // no final newline
    `example.com/log\n5\n`, // no root line
    `\n5\n${root}\n`, // empty origin
    `example.com/log\n05\n${root}\n`, // leading zero
    `example.com/log\n+5\n${root}\n`,
    `example.com/log\n-5\n${root}\n`,
    `example.com/log\n5.0\n${root}\n`,
    `example.com/log\n9007199254740993\n${root}\n`, // beyond 2^53
    `example.com/log\n5\n${root.slice(0, -1)}\n`, // unpadded
    `example.com/log\n5\n${root.replace('2I=', '2J=')}\n`, // non-canonical trailing bits
    `example.com/log\n5\n${Buffer.alloc(31).toString('base64')}\n`, // 31-byte root
    `example.com/log\n5\n${root}\n\n`, // empty extension line
    `example.com/log\n5\n${root}\nbad\tline\n`,
  ];
  for (const text of bad) assert.throws(() => parseCheckpoint(text), CheckpointError, JSON.stringify(text));
  assert.equal(parseCheckpoint(`example.com/log\n0\n${root}\n`).size, 0);

  const good = { origin: 'example.com/log', size: 5, rootHash: Buffer.alloc(32), extensions: [] as string[] };
  assert.throws(() => formatCheckpoint({ ...good, size: -1 }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...good, rootHash: Buffer.alloc(31) }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...good, origin: 'two\nlines' }), CheckpointError);
  assert.throws(() => formatCheckpoint({ ...good, extensions: [''] }), CheckpointError);
});
