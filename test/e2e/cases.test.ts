/**
 * The judicial track end to end, in headless Chromium with scripts off (Debian's
 * /usr/bin/chromium, or SIJILL_CHROMIUM, driven by playwright-core), against a server started
 * here on PGlite whose clock the test can move: a court clerk opens a case for a person in
 * custody, records the first appearance and enters a 15-day detention order, seeing when it
 * runs out before saving it; a judge's account confirms it, and the clocks panel on the
 * person's record shows the detention-order clock running until then. With the server's clock
 * moved past that instant, the person is shown — in Arabic — as held without a valid order on
 * the record (the banner) and on the dashboard (the count). With SIJILL_SCREENSHOT_DIR set, the
 * screens are photographed into that folder (none is kept in the repository).
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
import { aFacility, aPerson, anAdmission } from '../support/factories.ts';

const accounts: [string, Role][] = [
  ['clerk', 'registration_clerk'],
  ['supervisor', 'supervisor'],
  ['court-clerk', 'court_clerk'],
  ['judge', 'judge'],
];

/** Where screenshots go, when asked for. */
const screenshots = process.env.SIJILL_SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
};

const hour = 3_600_000;
const day = 24 * hour;
/** A local day (Baghdad, UTC+3) `n` days from the one `ms` falls on, as YYYY-MM-DD. */
const localDay = (ms: number, n = 0) => new Date(ms + 3 * hour + n * day).toISOString().slice(0, 10);
/** Dates and times as the Arabic pages write them: Gregorian, Baghdad time, Arabic-Indic digits. */
const arDate = (day: string) => new Intl.DateTimeFormat('ar-IQ-u-ca-gregory', { dateStyle: 'medium', timeZone: 'Asia/Baghdad' }).format(new Date(`${day}T12:00:00Z`));
const arDateTime = (iso: string) => new Intl.DateTimeFormat('ar-IQ-u-ca-gregory', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Baghdad' }).format(new Date(iso));
/** A page's text without the bidi isolates messages put around values. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

describe('the judicial track in Chromium, without scripts', { timeout: 300_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  /** How far the server's clock runs ahead of the real one. */
  let shift = 0;

  const prison = aFacility({ name: 'Fictional Rusafa Prison' });
  let personId: string;
  let casePath: string;
  // The person was admitted two local days ago at 08:00 and brought before the judge at 20:00 the
  // same day, who ordered them held for 15 days: valid until local midnight ending day 15.
  const admittedDay = localDay(Date.now(), -2);
  const admittedAt = `${admittedDay}T08:00:00+03:00`;
  const appearance = `${admittedDay}T20:00`;
  const issued = appearance;
  const lastDay = localDay(Date.parse(`${admittedDay}T12:00:00Z`), 14);
  const expires = new Date(`${localDay(Date.parse(`${admittedDay}T12:00:00Z`), 15)}T00:00:00+03:00`).toISOString();

  before(async () => {
    db = await openPglite();
    await migrate(db);
    for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password, scope: wholeRegister }, { cost: cheap });
    const register = { db, clock: () => new Date(Date.now() + shift), identity: await IdentityIndex.build(db) };
    app = buildApp({ db, register, passwordCost: cheap });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    // The facility and the person in custody, through the API.
    const supervisor = clientFor(app, await login(app, 'supervisor'));
    assert.equal((await supervisor('POST', '/api/facilities', { body: prison })).statusCode, 201);
    const clerk = clientFor(app, await login(app, 'clerk'));
    const { person_id: _id, register_number: _n, ...person } = aPerson();
    const registered = await clerk('POST', '/api/persons', { body: person });
    assert.equal(registered.statusCode, 201, registered.body);
    personId = registered.json().person_id as string;
    const { admission_id: _a, ...admission } = anAdmission(personId, prison, { admitted_at: admittedAt });
    const admitted = await clerk('POST', '/api/admissions', { body: admission });
    assert.equal(admitted.statusCode, 201, admitted.body);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** A browser without scripts, logged in through the login form. */
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

  /** Unfold the form of an action (a closed <details>; no script needed). */
  const unfold = (page: Page, action: string) => page.locator(`details:has(form[action$="${action}"]) > summary`).click();

  const orders = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM court_order')).rows[0]!.n;

  test('a court clerk opens a case for a person in custody and records the first appearance', async () => {
    const clerk = await open('court-clerk');
    await clerk.goto(`${base}/persons/${personId}`);
    assert.equal(await clerk.getAttribute('html', 'dir'), 'rtl');
    await clerk.click(`a[href="/persons/${personId}/cases/new"]`);
    await clerk.fill('[name="/court"]', 'Fictional Rusafa Investigative Court');
    await clerk.fill('[name="/reference"]', 'INV/2026/501');
    await clerk.fill('[name="/judge"]', 'Judge R. Fictional');
    await clerk.fill('[name="/charges/0/law"]', 'Penal Code No. 111 of 1969');
    await clerk.fill('[name="/charges/0/article"]', '298');
    await clerk.selectOption('[name="/charges/0/max_penalty/kind"]', 'years');
    await clerk.fill('[name="/charges/0/max_penalty/amount"]', '15');
    await clerk.click(`form[action="/persons/${personId}/cases/new"] button[type="submit"]`);
    await clerk.waitForURL(/\/cases\/[0-9a-f-]{36}\?notice=opened$/);
    casePath = new URL(clerk.url()).pathname;
    assert.match(plain(await clerk.textContent('main')), /السجن ١٥ سنة/);

    await unfold(clerk, '/appearances');
    await clerk.fill('form[action$="/appearances"] [name="/at"]', appearance);
    assert.equal(await clerk.inputValue('form[action$="/appearances"] [name="/judge"]'), 'Judge R. Fictional', 'the case’s judge is offered');
    await clerk.click('form[action$="/appearances"] button[type="submit"]');
    await clerk.waitForURL(`${base}${casePath}?notice=appearance_recorded#appearances`);
    assert.match(plain(await clerk.textContent('#appearances')), /مثول أمام قاضي التحقيق/);
    await shot(clerk, 'case-opened-ar');
  });

  test('the clerk enters a 15-day detention order and sees when it runs out before saving it; it waits for a judge', async () => {
    const clerk = await open('court-clerk');
    await clerk.goto(`${base}${casePath}`);
    await clerk.click(`a[href="${casePath}/orders/new"]`);
    await clerk.check('[name="/order"][value="detention"]');
    await clerk.fill('[name="/reference"]', 'DO/2026/777');
    await clerk.fill('[name="/issued_at"]', issued);
    await clerk.fill('[name="/days"]', '15');
    await clerk.click(`form[action="${casePath}/orders/preview"] button[type="submit"]`);
    await clerk.waitForSelector('#expiry');
    const expiry = plain(await clerk.textContent('#expiry'));
    assert.ok(expiry.includes(arDate(lastDay)), `${expiry} names the last day, ${arDate(lastDay)}`);
    assert.ok(expiry.includes(arDateTime(expires)), `${expiry} names the instant it ends, ${arDateTime(expires)}`);
    assert.match(plain(await clerk.textContent('#preview')), /ينتظر تصديق حساب قاضٍ/);
    assert.equal(await orders(), 0, 'nothing is saved before it is confirmed');
    await shot(clerk, 'order-preview-ar');

    await clerk.click('button[name="_action"][value="save"]');
    await clerk.waitForURL(`${base}${casePath}?notice=order_recorded#orders`);
    assert.equal(await orders(), 1);
    const row = clerk.locator('#orders tr[data-confirmation]');
    assert.equal(await row.getAttribute('data-confirmation'), 'pending');
    assert.match(plain(await row.textContent()), /بانتظار تصديق القاضي/);
    assert.equal(await clerk.locator('form[action$="/confirm"]').count(), 0, 'a clerk cannot confirm');

    // Until a judge confirms it, the order does not count: the record says so.
    await clerk.goto(`${base}/persons/${personId}`);
    assert.match(plain(await clerk.textContent('#clocks')), /بانتظار تصديق القاضي/);
  });

  test('a judge confirms it; the clocks panel shows the detention-order clock running until it ends', async () => {
    const judge = await open('judge');
    await judge.goto(`${base}${casePath}`);
    await judge.click('#orders form[action$="/confirm"] button[type="submit"]');
    await judge.waitForURL(`${base}${casePath}?notice=order_confirmed#orders`);
    assert.equal(await judge.getAttribute('#orders tr[data-confirmation]', 'data-confirmation'), 'confirmed');

    await judge.goto(`${base}/persons/${personId}`);
    const clock = judge.locator('#clocks tr[data-rule="detention_order"]');
    assert.equal(await clock.getAttribute('data-status'), 'running');
    assert.ok(plain(await clock.textContent()).includes(arDateTime(expires)), 'due when the order ends');
    assert.equal(await judge.locator('main .banner.bad[role="alert"]').count(), 0, 'held lawfully: no banner');
    assert.equal(await judge.locator('#clocks li').count(), 0, 'covered from the first appearance on: no unlawful period, no finding');
    assert.match(plain(await judge.textContent(`#cases a[href="${casePath}"]`)), /INV\/2026\/501/);
    await shot(judge, 'person-clocks-ar');
    await judge.goto(`${base}${casePath}`);
    await shot(judge, 'case-ar');
  });

  test('past the order’s end the person is held without a valid order, in Arabic, on the record and on the dashboard', async () => {
    const before = await open('supervisor');
    assert.equal(await before.getAttribute('#lawful-detention [data-held]', 'data-held'), '0');

    shift = Date.parse(expires) + hour - Date.now();
    // Sessions ran out with the clock: log in again.
    const supervisor = await open('supervisor');
    await supervisor.goto(`${base}/persons/${personId}`);
    assert.equal(await supervisor.getAttribute('html', 'lang'), 'ar');
    const banner = plain(await supervisor.textContent('main .banner.bad[role="alert"]'));
    assert.ok(banner.includes('محتجز دون أمر توقيف نافذ منذ'), banner);
    assert.ok(banner.includes(arDateTime(expires)), `${banner} says since when`);
    assert.equal(await supervisor.getAttribute('#clocks tr[data-rule="detention_order"]', 'data-status'), 'breached');

    await supervisor.goto(`${base}/dashboard`);
    const held = supervisor.locator('#lawful-detention [data-held]');
    assert.equal(await held.getAttribute('data-held'), '1');
    assert.match(plain(await held.textContent()), /محتجزون دون أمر نافذ: ١/);
    assert.equal(await supervisor.locator(`#lawful-detention a[href="/persons/${personId}#clocks"]`).count(), 1, 'and named in the list');
    await shot(supervisor, 'dashboard-held-ar');
  });
});
