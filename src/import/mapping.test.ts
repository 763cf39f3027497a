import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MappingError, parseMapping } from './mapping.ts';

test('a mapping with only columns takes the defaults: header row 1, dates day first, nothing ignored, no value tables', () => {
  const m = parseMapping({ columns: { name_latin: 'Name' } });
  assert.deepEqual(m, { header_row: 1, columns: { name_latin: ['Name'] }, ignore: [], date_order: 'DMY', values: { nationality: new Map(), sex: new Map() }, defaults: {} });
});

test('a full mapping as JSON text (with a BOM): a name from several columns, titles and words trimmed, the sender’s words matched case-insensitively', () => {
  const text = `\uFEFF${JSON.stringify({
    format: 'xlsx',
    sheet: 'Liste',
    header_row: 3,
    columns: { sender_id: ' No. ', name_arabic: ['الاسم', 'اسم الأب', 'اللقب'], dob: 'DOB', nationality: 'الجنسية', sex: 'Sex' },
    ignore: [' Remarks '],
    date_order: 'YMD',
    values: { nationality: { ' Iraqi ': ' IQ ', سوري: 'SY' }, sex: { Rajul: 'male' } },
    defaults: { nationality: 'unknown' },
  })}`;
  const m = parseMapping(text);
  assert.equal(m.format, 'xlsx');
  assert.equal(m.sheet, 'Liste');
  assert.equal(m.header_row, 3);
  assert.deepEqual(m.columns, { sender_id: ['No.'], name_arabic: ['الاسم', 'اسم الأب', 'اللقب'], dob: ['DOB'], nationality: ['الجنسية'], sex: ['Sex'] });
  assert.deepEqual(m.ignore, ['Remarks']);
  assert.equal(m.date_order, 'YMD');
  assert.deepEqual([...m.values.nationality], [['iraqi', 'IQ'], ['سوري', 'SY']]);
  assert.deepEqual([...m.values.sex], [['rajul', 'male']]);
  assert.deepEqual(m.defaults, { nationality: 'unknown' });
  assert.equal(parseMapping({ columns: { name_latin: 'Name' }, delimiter: ';' }).delimiter, ';');
});

test('each unusable setting is refused naming the setting (a JSON pointer) and what would be accepted', () => {
  const refused = (input: unknown): [string, string] => {
    try {
      parseMapping(input);
    } catch (error) {
      assert.ok(error instanceof MappingError, String(error));
      return [error.field, error.message];
    }
    assert.fail('accepted');
  };
  const name = { name_latin: 'Name' };
  const cases: [unknown, string, RegExp][] = [
    ['{"columns": ', '', /not JSON/],
    [[], '', /JSON object with at least "columns"/],
    [{ columns: name, colour: 'red' }, '/colour', /unknown setting "colour"; the settings are: format, sheet/],
    [{ columns: name, format: 'ods' }, '/format', /one of: csv, xlsx/],
    [{ columns: name, sheet: '' }, '/sheet', /sheet’s name/],
    [{ columns: name, delimiter: ';;' }, '/delimiter', /one character/],
    [{ columns: name, delimiter: '"' }, '/delimiter', /one character/],
    [{ columns: name, header_row: 0 }, '/header_row', /whole number from 1/],
    [{ columns: name, header_row: 1.5 }, '/header_row', /whole number from 1/],
    [{}, '/columns', /the fields are: sender_id, name_arabic, name_latin/],
    [{ columns: { ...name, passport: 'Passport' } }, '/columns/passport', /unknown field "passport"/],
    [{ columns: { ...name, dob: ['Day', 'Year'] } }, '/columns/dob', /read from one column/],
    [{ columns: { ...name, dob: '' } }, '/columns/dob', /give a column title$/],
    [{ columns: { name_latin: [] } }, '/columns/name_latin', /list of titles whose cells are joined/],
    [{ columns: { ...name, sender_id: 'Name' } }, '/columns/sender_id', /column "Name" is already mapped to name_latin/],
    [{ columns: { dob: 'DOB' } }, '/columns', /at least one name column: name_arabic or name_latin/],
    [{ columns: name, ignore: 'Remarks' }, '/ignore', /list of column titles/],
    [{ columns: name, ignore: ['Name'] }, '/ignore', /column "Name" is both mapped \(name_latin\) and ignored/],
    [{ columns: name, date_order: 'DD/MM/YYYY' }, '/date_order', /one of DMY, MDY, YMD/],
    [{ columns: name, values: { religion: {} } }, '/values/religion', /unknown setting "religion"/],
    [{ columns: name, values: { nationality: ['IQ'] } }, '/values/nationality', /sender’s word → the register’s value/],
    [{ columns: name, values: { nationality: { Iraqi: 7 } } }, '/values/nationality/Iraqi', /as text/],
    [{ columns: name, defaults: { sex: '' } }, '/defaults/sex', /as text/],
    [{ columns: name, defaults: { dob: '1990' } }, '/defaults/dob', /unknown setting "dob"; the settings are: sex, nationality/],
  ];
  for (const [input, field, message] of cases) {
    const [gotField, gotMessage] = refused(input);
    assert.equal(gotField, field, JSON.stringify(input));
    assert.match(gotMessage, message, JSON.stringify(input));
    assert.ok(gotMessage.startsWith(`mapping ${field}: `), gotMessage);
  }
});
