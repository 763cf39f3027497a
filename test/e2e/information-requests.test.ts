/**
 * An information request end to end (ICPPED 18), in headless Chromium with scripts off, against
 * a server started here on PGlite: an information officer records a relative's request in
 * Arabic — the person named in the relative's own spelling — reviews the candidates the
 * matcher proposes, identifies the person, gives the answer, and prints the answer letter in
 * Arabic with every article 18 item (and links to the letter in Sorani, Kurmanji and English).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createAccount, wholeRegister } from '../../src/api/accounts.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import { IdentityIndex } from '../../src/queries/identity-index.ts';
import type { Database } from '../../src/store/database.ts';
import type { Role } from '../../src/domain/permissions.ts';
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { cheap, clientFor, login, password } from '../support/api-client.ts';
import { aFacility, aName, aPerson, anAdmission } from '../support/factories.ts';

const accounts: [string, Role][] = [
  ['clerk', 'registration_clerk'],
  ['supervisor', 'supervisor'],
  ['info-officer', 'information_officer'],
];
/** A page's text without the bidi isolates messages put around values. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

describe('an information request in Chromium, without scripts', { timeout: 300_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const prison = aFacility({ name: 'سجن الرصافة التجريبي' });
  let personId: string;
  let registerNumber: string;

  before(async () => {
    db = await openPglite();
    await migrate(db);
    for (const [username, role] of accounts) await createAccount(db, { scope: wholeRegister, username, displayName: `Fictional ${username}`, role, password }, { cost: cheap });
    const register = { db, identity: await IdentityIndex.build(db) };
    app = buildApp({ db, register, passwordCost: cheap });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    const supervisor = clientFor(app, await login(app, 'supervisor'));
    assert.equal((await supervisor('POST', '/api/facilities', { body: prison })).statusCode, 201);
    const clerk = clientFor(app, await login(app, 'clerk'));
    const { person_id: _id, register_number: _n, ...person } = aPerson({ names: [aName({ full: 'مصطفى عادل جاسم الكبيسي', parts: { given: 'مصطفى', father: 'عادل' } })] });
    const registered = await clerk('POST', '/api/persons', { body: person });
    assert.equal(registered.statusCode, 201, registered.body);
    personId = registered.json().person_id as string;
    registerNumber = registered.json().register_number as string;
    const { admission_id: _a, ...admission } = anAdmission(personId, prison, { admitted_at: '2026-01-21T14:00:00+03:00' });
    assert.equal((await clerk('POST', '/api/admissions', { body: admission })).statusCode, 201);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  async function open(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', username);
    await page.fill('[name="password"]', password);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/dashboard`);
    return page;
  }

  test('an information officer records a relative’s request in Arabic and prints the answer letter', async () => {
    const officer = await open('info-officer');
    await officer.click('nav a[href="/information-requests"]');
    assert.equal(await officer.getAttribute('html', 'dir'), 'rtl');
    await officer.click('a[href="/information-requests/new"]');
    await officer.fill('[name="/requester/name"]', 'سميرة حسن الكبيسي');
    await officer.selectOption('[name="/requester/relationship"]', 'parent');
    await officer.selectOption('[name="/requester/identity_check/method"]', 'national_id');
    await officer.fill('[name="/requester/identity_check/reference"]', 'البطاقة الوطنية ١٩٦٥٠٠٠٢٢');
    await officer.fill('[name="/requester/contact"]', '+964 770 000 0202');
    // The mother spells her son's name her way (ى for ي, and the Latin spelling she knows it in).
    await officer.fill('[name="/asked_about/names"]', 'مصطفى عادل جاسم الكبيسى\nMustafa Adel al-Kubaisi');
    const received = new Date(Date.now() + 3 * 3_600_000 - 3_600_000).toISOString().slice(0, 16);
    await officer.fill('[name="/received_at"]', received);
    await officer.click('form[action="/information-requests"] button[type="submit"]');
    await officer.waitForURL(/\/information-requests\/[0-9a-f-]{36}\?notice=recorded$/);
    const requestPath = new URL(officer.url()).pathname;
    assert.match(plain(await officer.textContent('main')), /سميرة حسن الكبيسي/);

    // The look-up: the person is among the candidates; the officer reviews and identifies them.
    await officer.check(`input[name="reviewed"][value="${personId}"]`);
    await officer.check(`input[name="identified"][value="${personId}"]`);
    await officer.fill('[name="/note"]', 'الاسم واسم الأب متطابقان');
    await officer.click(`form[action="${requestPath}/lookup"] button[type="submit"]`);
    await officer.waitForURL(`${base}${requestPath}?notice=lookup`);
    await officer.click(`form[action="${requestPath}/answer"] button[type="submit"]`);
    await officer.waitForURL(`${base}${requestPath}?notice=answered`);
    for (const lang of ['ar', 'ckb', 'kmr', 'en']) assert.equal(await officer.locator(`a[href="/print/information-requests${requestPath.slice('/information-requests'.length)}/letter?lang=${lang}"]`).count(), 1, lang);

    await officer.click(`a[href$="/letter?lang=ar"]`);
    assert.equal(await officer.getAttribute('html', 'dir'), 'rtl');
    const letter = plain(await officer.textContent('main'));
    assert.match(letter, /إجابة على طلب معلومات/);
    assert.match(letter, /إلى: سميرة حسن الكبيسي/);
    assert.ok(letter.includes(registerNumber));
    for (const item of ['الجهة التي أمرت بالاحتجاز', 'تاريخ بدء الحرمان من الحرية', 'تاريخ الإيداع', 'الجهة المشرفة على الاحتجاز', 'مكان وجوده', 'الإفراج', 'الحالة الصحية', 'الوفاة']) assert.ok(letter.includes(item), item);
    assert.ok(letter.includes('سجن الرصافة التجريبي'), 'the whereabouts name the facility');
    assert.ok(letter.includes('لم يُفرج عنه') && letter.includes('لم تُسجَّل وفاة'), 'release and death are stated, not left out');
  });
});
