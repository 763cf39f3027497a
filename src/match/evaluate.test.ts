import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchFileError, runMatch } from './evaluate.ts';

function files(gallery: string, queries: string): { dir: string; galleryPath: string; queriesPath: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sijill-match-'));
  const galleryPath = join(dir, 'gallery.jsonl');
  const queriesPath = join(dir, 'queries.jsonl');
  writeFileSync(galleryPath, gallery);
  writeFileSync(queriesPath, queries);
  return { dir, galleryPath, queriesPath };
}

const GALLERY = [
  { id: 'G1', names: ['Abd al-Rahman Khalil AL-ZUBAYDI', 'Abu Yasir'], nationalities: ['Iraq'], dob: ['1971'] },
  { id: 'G2', names: ['Salim Hamad NAJJAR'], nationalities: [], dob: [{ type_of_date: 'EXACT', year: '1980' }] },
  { id: 'G3', names: ['Sumaya Rashid MANSOUR'], nationalities: ['Jordan'], dob: [] },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

test('one line per query, best candidate first, scores as numbers', async () => {
  const queries = [
    { qid: 'q1', name: 'عبد الرحمن الزبيدي', target: 'G3' }, // target must be ignored
    { qid: 'q2', name: 'Salem Najar' },
    { qid: 'q3', name: '...' },
  ]
    .map((q) => JSON.stringify(q))
    .join('\n');
  const f = files(GALLERY, `${queries}\n`);
  try {
    const out: string[] = [];
    const summary = await runMatch({ galleryPath: f.galleryPath, queriesPath: f.queriesPath, top: 2, write: (l) => out.push(l) });
    const lines = out.map((l) => JSON.parse(l) as { qid: string; candidates: Array<{ id: string; score: number }> });
    assert.deepEqual(lines.map((l) => l.qid), ['q1', 'q2', 'q3']);
    assert.equal(lines[0]?.candidates[0]?.id, 'G1');
    assert.equal(lines[1]?.candidates[0]?.id, 'G2');
    assert.deepEqual(lines[2]?.candidates, []);
    for (const l of lines) {
      assert.ok(l.candidates.length <= 2);
      for (let i = 1; i < l.candidates.length; i++) assert.ok((l.candidates[i - 1]?.score ?? 0) >= (l.candidates[i]?.score ?? 0));
      for (const c of l.candidates) assert.equal(typeof c.score, 'number');
    }
    assert.ok(out.every((l) => l.endsWith('\n')));
    assert.equal(summary.entries, 3);
    assert.equal(summary.queries, 3);
    assert.equal(summary.emptyQueries, 1);
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
});

async function expectFileError(gallery: string, queries: string, which: 'gallery' | 'queries', line: number): Promise<void> {
  const f = files(gallery, queries);
  try {
    await assert.rejects(
      runMatch({ galleryPath: f.galleryPath, queriesPath: f.queriesPath, write: () => undefined }),
      (error: unknown) => {
        assert.ok(error instanceof MatchFileError);
        const path = which === 'gallery' ? f.galleryPath : f.queriesPath;
        assert.equal(error.file, path);
        assert.equal(error.line, line);
        assert.ok(error.message.startsWith(`${path}:${line}: `), error.message);
        return true;
      },
    );
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
}

test('a bad line is an error naming the file and line number', async () => {
  const q = '{"qid":"q1","name":"Salim"}\n';
  await expectFileError(`${GALLERY}\n{not json\n`, q, 'gallery', 4);
  await expectFileError(`${GALLERY}\n\n{"names":["Karim"]}\n`, q, 'gallery', 5); // blank line counted, id missing
  await expectFileError(`{"id":"A","names":"Karim"}\n`, q, 'gallery', 1);
  await expectFileError(`{"id":"A","names":["Karim", 3]}\n`, q, 'gallery', 1);
  await expectFileError(`{"id":"A","names":["Karim"],"dob":"1970"}\n`, q, 'gallery', 1);
  await expectFileError(`{"id":"A","names":["Karim"]}\n{"id":"A","names":["Nasser"]}\n`, q, 'gallery', 2);
  await expectFileError(GALLERY, '{"qid":"q1","name":"Salim"}\n{"qid":"q2"}\n', 'queries', 2);
  await expectFileError(GALLERY, '{"qid":"q1","name":["Salim"]}\n', 'queries', 1);
  await expectFileError(GALLERY, '[1,2]\n', 'queries', 1);
});

test('top must be a positive integer', async () => {
  await assert.rejects(runMatch({ galleryPath: '/nonexistent', queriesPath: '/nonexistent', top: 0 }), RangeError);
});
