/**
 * The login page of a demo register names the demo accounts (README.md: their usernames,
 * roles and the password `sijill-demo`) in the reader's language; a register that is not a
 * demo never does.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openPglite } from '../src/store/pglite-database.ts';
import { migrate } from '../src/store/migrate.ts';
import { buildApp } from '../src/app.ts';
import type { Database } from '../src/store/database.ts';

/** The demo accounts as README.md lists them, with their roles in Arabic and English. */
const readme = [
  ['clerk', 'موظف تسجيل', 'Registration clerk'],
  ['officer', 'ضابط المرفق', 'Facility officer'],
  ['supervisor', 'مشرف', 'Supervisor'],
  ['auditor', 'مدقق', 'Auditor'],
  ['admin', 'مدير النظام', 'Administrator'],
  ['judge', 'قاضٍ', 'Judge'],
  ['court-clerk', 'كاتب المحكمة', 'Court clerk'],
  ['info-officer', 'موظف المعلومات', 'Information officer'],
  ['oversight', 'جهة الرقابة', 'Oversight'],
] as const;

describe('the login page and the demo accounts', () => {
  const open: { db: Database; app: FastifyInstance }[] = [];
  const server = async (demo: boolean) => {
    const db = await openPglite();
    await migrate(db);
    const app = buildApp({ db, demo });
    await app.ready();
    open.push({ db, app });
    return app;
  };
  after(async () => {
    for (const { db, app } of open) {
      await app.close();
      await db.close();
    }
  });

  test('a demo register names its accounts, their roles and the password, in Arabic and in English', async () => {
    const app = await server(true);
    const arabic = (await app.inject({ method: 'GET', url: '/login' })).body;
    const english = (await app.inject({ method: 'GET', url: '/login', headers: { cookie: 'sijill_lang=en' } })).body;
    assert.match(arabic, /<html lang="ar" dir="rtl">/);
    assert.ok(arabic.includes('sijill-demo') && english.includes('sijill-demo'));
    for (const [username, ar, en] of readme) {
      const row = (html: string) => html.match(new RegExp(`<tr><td><bdi dir="ltr"><code>${username}</code></bdi></td><td>([^<]*)</td></tr>`))?.[1];
      assert.equal(row(arabic), ar, `${username} in Arabic`);
      assert.equal(row(english), en, `${username} in English`);
    }
    assert.ok(english.includes('Demo accounts'));
    assert.ok(!arabic.includes('Demo accounts') && !arabic.includes('Every demo account'), 'no English on the Arabic page but usernames and the password');
  });

  test('a register that is not a demo names no account and no password', async () => {
    const app = await server(false);
    for (const cookie of ['sijill_lang=ar', 'sijill_lang=en']) {
      const html = (await app.inject({ method: 'GET', url: '/login', headers: { cookie } })).body;
      assert.match(html, /name="username"/);
      assert.ok(!html.includes('sijill-demo'));
      assert.ok(!/<code>(clerk|court-clerk|supervisor)<\/code>/.test(html));
      assert.ok(!html.includes('demo-accounts'));
    }
  });
});
