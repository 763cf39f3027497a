import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchUsageError, selectParts } from './parts.ts';

test('no part named: the whole bench, which rewrites the report', () => {
  assert.deepEqual(selectParts([]), { parts: ['admissions', 'startup', 'ledger', 'matching', 'transfers', 'rollcalls', 'visits', 'clocks', 'disclosure', 'information', 'figures', 'states', 'web', 'forms', 'fuzz'], whole: true });
});

test('parts named: only those, once each, in the report’s order; not the whole bench', () => {
  assert.deepEqual(selectParts(['web', 'admissions', 'web']), { parts: ['admissions', 'web'], whole: false });
  assert.deepEqual(selectParts(['admissions']), { parts: ['admissions'], whole: false });
});

test('every part named is the whole bench', () => {
  assert.equal(selectParts(['fuzz', 'forms', 'web', 'states', 'figures', 'information', 'disclosure', 'clocks', 'visits', 'rollcalls', 'transfers', 'matching', 'ledger', 'startup', 'admissions']).whole, true);
});

test('an unknown part is refused, naming it and the parts there are', () => {
  assert.throws(() => selectParts(['admissions', 'admission']), (error: unknown) => {
    assert.ok(error instanceof BenchUsageError);
    assert.match(error.message, /"admission"/);
    assert.match(error.message, /admissions, startup, ledger, matching, transfers, rollcalls, visits, clocks, disclosure, information, figures, states, web, forms, fuzz/);
    return true;
  });
});
