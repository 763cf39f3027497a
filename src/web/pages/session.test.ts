import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeBack } from './session.tsx';

test('after login only a path on this site is followed; anything a browser would read as another site falls back', () => {
  assert.equal(safeBack('/persons?q=Ahmad'), '/persons?q=Ahmad');
  assert.equal(safeBack('/transfers/../dashboard'), '/dashboard');
  for (const attempt of ['//evil.example/login', '/\\evil.example', '/\t/evil.example/x', '/\n/evil.example', 'https://evil.example/', 'javascript:alert(1)', '', 42]) {
    assert.equal(safeBack(attempt), '/dashboard', JSON.stringify(attempt));
  }
});
