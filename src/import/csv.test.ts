import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsvError, parseCsv } from './csv.ts';

test('RFC 4180: quoted delimiters, doubled quotes and line breaks inside fields, CRLF, a BOM, empty quoted fields', () => {
  const text = '\uFEFFNo.,Name,Remarks\r\n1,"al-Hiti, Marwan","said ""Abu Omar"""\r\n2,"two\r\nlines",""\r\n\r\n3,سالم,\r\n';
  assert.deepEqual(parseCsv(text), [
    { line: 1, fields: ['No.', 'Name', 'Remarks'] },
    { line: 2, fields: ['1', 'al-Hiti, Marwan', 'said "Abu Omar"'] },
    { line: 3, fields: ['2', 'two\r\nlines', ''] },
    { line: 6, fields: ['3', 'سالم', ''] },
  ]);
  assert.deepEqual(parseCsv('a;b\n"x;y";z', { delimiter: ';' }), [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['x;y', 'z'] }]);
});

test('malformed CSV is refused with the line and the field', () => {
  assert.throws(() => parseCsv('a,b\n1,"open'), (e: unknown) => e instanceof CsvError && e.line === 2 && e.column === 2 && /never closed/.test(e.message));
  assert.throws(() => parseCsv('a,b\n1,"x"y'), (e: unknown) => e instanceof CsvError && e.line === 2 && /after the closing quote/.test(e.message));
  assert.throws(() => parseCsv('a,b\n1,x"y'), (e: unknown) => e instanceof CsvError && e.line === 2 && e.column === 2 && /quote inside an unquoted field/.test(e.message));
  assert.throws(() => parseCsv(Buffer.from([0x61, 0xff, 0x0a])), (e: unknown) => e instanceof CsvError && /not valid UTF-8/.test(e.message));
});
