import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeBack } from './session.tsx';

/** Ways of writing "another site" that a browser resolves against a path-only Location. */
const offSite = [
  '//evil.example/login',
  '/\\evil.example',
  '/\\/evil.example',
  '\\\\evil.example',
  '/\t/evil.example/x',
  '/\n/evil.example',
  '/\r\n/evil.example',
  '/..//evil.example',
  '/x/..//evil.example',
  '/x/y/../..//evil.example',
  '/.//evil.example',
  '/././/evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E//evil.example',
  '/%2e//evil.example',
  '/.%2e//evil.example',
  '/x/%2e%2e//evil.example',
  '/..\\/evil.example',
  '/..\t//evil.example',
  'https://evil.example/',
  'http://sijill.invalid@evil.example/',
  'javascript:alert(1)',
  'evil.example',
  '',
  42,
  null,
  undefined,
];

/** Paths on this site with odd characters: kept, since a browser stays here with them. */
const onSite = ['/%09/evil.example', '/%5c%5cevil.example', '/%5C/evil.example', '/%2f%2fevil.example', '/%2F/evil.example', '/x/%2f/evil.example'];

/** Where a browser goes when it is sent a Location header with this value from https://register.test/login. */
const resolvedByBrowser = (location: string) => new URL(location, 'https://register.test/login');

test('after login only a path on this site is followed; anything a browser would read as another site falls back', () => {
  assert.equal(safeBack('/persons?q=Ahmad'), '/persons?q=Ahmad');
  assert.equal(safeBack('/transfers/../dashboard'), '/dashboard');
  for (const attempt of offSite) assert.equal(safeBack(attempt), '/dashboard', JSON.stringify(attempt));
});

test('an encoded tab, backslash or slash is a path segment here, and stays on this site', () => {
  for (const attempt of onSite) {
    const back = safeBack(attempt);
    assert.equal(back, attempt, JSON.stringify(attempt));
    assert.equal(resolvedByBrowser(back).origin, 'https://register.test', JSON.stringify(attempt));
  }
});

test('whatever is given, the answer is a path that a browser resolves on this site and that resolves to itself again', () => {
  for (const attempt of [...offSite, ...onSite, '/a/b/../c?d=e', '/%2e%2e/dashboard', '/?next=//evil.example']) {
    const back = safeBack(attempt);
    assert.ok(back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\'), `${JSON.stringify(attempt)} → ${back}`);
    const once = resolvedByBrowser(back);
    assert.equal(once.origin, 'https://register.test', `${JSON.stringify(attempt)} → ${back}`);
    assert.equal(`${once.pathname}${once.search}`, back, `${JSON.stringify(attempt)} → ${back} does not round-trip`);
    assert.equal(safeBack(back), back, `${JSON.stringify(attempt)} → ${back} is not stable`);
  }
});
