import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chargeField, chargesOf, orderBody, whole } from './forms.ts';

test('a whole number is read as typed in Latin, Arabic-Indic or Persian digits; anything else is sent as typed, for the API to refuse at its field', () => {
  assert.equal(whole(' 15 '), 15);
  assert.equal(whole('١٥'), 15);
  assert.equal(whole('۲۰'), 20);
  assert.equal(whole('15 days'), '15 days');
  assert.equal(whole('-3'), '-3');
  assert.equal(whole(undefined), '');
});

test('blank charge rows are left out, and a refusal about the i-th charge sent is shown on the form row it came from', () => {
  const values = {
    '/charges/0/law': ' ',
    '/charges/2/law': 'Penal Code No. 111 of 1969',
    '/charges/2/article': '298',
    '/charges/2/max_penalty/kind': 'years',
    '/charges/2/max_penalty/amount': '١٥',
  };
  const { charges, rows } = chargesOf(values);
  assert.deepEqual(charges, [{ law: 'Penal Code No. 111 of 1969', article: '298', max_penalty: { years: 15 } }]);
  assert.deepEqual(rows, [2]);
  assert.equal(chargeField('/charges/0/max_penalty/years', rows), '/charges/2/max_penalty/amount');
  assert.equal(chargeField('/charges/0/article', rows), '/charges/2/article');
  assert.equal(chargeField('/charges/0/max_penalty', rows), '/charges/2/max_penalty');
  assert.equal(chargeField('/reference', rows), '/reference');
});

test('an order sends the fields of its kind only, with the local time given the register’s offset', () => {
  const typed = { '/order': 'detention', '/reference': ' DO/1 ', '/issued_at': '2026-03-10T22:00', '/judge': 'Judge F.', '/days': '15', '/until': '2026-06-01T00:00', '/to_facility_id': 'x' };
  assert.deepEqual(orderBody(typed), { order: 'detention', reference: 'DO/1', issued_at: '2026-03-10T22:00:00+03:00', judge: 'Judge F.', days: 15 });
  assert.deepEqual(orderBody({ ...typed, '/order': 'court_extension' }), { order: 'court_extension', reference: 'DO/1', issued_at: '2026-03-10T22:00:00+03:00', judge: 'Judge F.', until: '2026-06-01T00:00:00+03:00' });
  assert.deepEqual(orderBody({ ...typed, '/scan/reference': 'SC-1' }).scan, { reference: 'SC-1', sha256: '' });
});
