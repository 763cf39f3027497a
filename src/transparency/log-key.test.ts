import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogKey, readLogKey, LogKeyError } from './log-key.ts';
import { signCheckpoint, openCheckpoint } from '../ledger/checkpoint.ts';
import { ed25519NoteVerifier } from '../ledger/signed-note.ts';

test('the log key is created once with mode 0600, reopened as the same key, and refused when others can read it or its name differs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-key-'));
  try {
    const path = join(dir, 'keys', 'log-key');
    assert.equal(readLogKey(path), undefined);
    const created = openLogKey(path, 'register.example/log');
    assert.equal(created.created, true);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const again = openLogKey(path, 'register.example/log');
    assert.equal(again.created, false);
    assert.equal(again.verifierKey, created.verifierKey);
    assert.match(created.verifierKey, /^register\.example\/log\+[0-9a-f]{8}\+/);
    const note = signCheckpoint({ origin: 'register.example/log', size: 1, rootHash: Buffer.alloc(32, 1), extensions: [] }, [again.signer]);
    assert.equal(openCheckpoint(note, [ed25519NoteVerifier(created.verifierKey)]).checkpoint.size, 1);
    assert.throws(() => openLogKey(path, 'other.example/log'), LogKeyError);
    chmodSync(path, 0o644);
    assert.throws(() => readLogKey(path), /can be read by other users/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
