/**
 * The web application end to end, in headless Chromium (Debian's /usr/bin/chromium, or
 * SIJILL_CHROMIUM) driven by playwright-core, against a server started here on PGlite with
 * the demo register: log in; Arabic and right to left by default; register a person in
 * Arabic script and see the duplicate suggestion of a person registered in Latin script;
 * admit (a refused field is marked where it is); create, approve, dispatch and receive a
 * transfer with one person missing, and see the incident. The same flow runs with scripts
 * on (htmx) and off. Screenshots of the main screens in Arabic and English go to
 * docs/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.ts';
import { createAccount } from '../../src/api/accounts.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import { IdentityIndex } from '../../src/queries/identity-index.ts';
import type { Database } from '../../src/store/database.ts';
import type { Role } from '../../src/domain/permissions.ts';
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { cheap } from '../support/api-client.ts';

const screenshots = new URL('../../docs/screenshots/', import.meta.url);
const password = 'sijill-demo';
const accounts: [string, Role][] = [
  ['clerk', 'registration_clerk'],
  ['officer', 'facility_officer'],
  ['supervisor', 'supervisor'],
];

describe('web application in Chromium', { timeout: 600_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  /** Facility and unit ids by name, and register numbers of persons held in the prison. */
  let prisonId: string;
  let centreId: string;
  let blockA: string;
  let held: string[];

  before(async () => {
    db = await openPglite();
    await migrate(db);
    await seedDemo({ db });
    for (const [username, role] of accounts) await createAccount(db, { username, displayName: `Fictional ${username}`, role, password }, { cost: cheap });
    const register = { db, identity: await IdentityIndex.build(db) };
    app = buildServer({ db, register, demo: true, passwordCost: cheap });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    mkdirSync(screenshots, { recursive: true });
    const ids = await db.query<{ id: string; name: string }>('SELECT id, name FROM facility');
    prisonId = ids.rows.find((f) => f.name === 'Fictional Central Prison')!.id;
    centreId = ids.rows.find((f) => f.name === 'Fictional Detention Centre')!.id;
    blockA = (await db.query<{ id: string }>("SELECT id FROM facility_unit WHERE facility_id = $1 AND name = 'Block A'", [prisonId])).rows[0]!.id;
    held = (
      await db.query<{ register_number: string }>("SELECT register_number FROM person WHERE facility_id = $1 AND category = 'men_untried' AND custody_status = 'in_custody' ORDER BY register_number LIMIT 4", [prisonId])
    ).rows.map((r) => r.register_number);
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  async function open(username: string, javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', username);
    await page.fill('[name="password"]', password);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/dashboard`);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, screenshots).pathname, fullPage: true });

  /** Whether the page is wider than the window (it must not be at 1366×768). */
  const scrollsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

  test('the login page is Arabic and right to left by default; logging in opens the dashboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.textContent('h1'), 'تسجيل الدخول');
    await shot(page, 'login-ar');
    await page.fill('[name="username"]', 'clerk');
    await page.fill('[name="password"]', 'not the password');
    await page.click('form[action="/login"] button[type="submit"]');
    assert.match((await page.textContent('.error-summary'))!, /اسم المستخدم أو كلمة المرور غير صحيح/);
    await page.fill('[name="password"]', password);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/dashboard`);
    assert.equal(await page.textContent('h1'), 'لوحة المتابعة');
    assert.equal(await page.locator('svg.chart').count(), 5, 'one occupancy chart per facility');
    assert.equal(await scrollsSideways(page), false);
    // The Vazirmatn web font is served and used (no system font).
    await page.evaluate('document.fonts.ready.then(() => true)');
    assert.ok(await page.evaluate<boolean>("document.fonts.check('16px Vazirmatn', 'سجل')"));
    await shot(page, 'dashboard-ar');
  });

  for (const js of [true, false]) {
    const mode = js ? 'with scripts' : 'without scripts';
    describe(`the custody flow ${mode}`, () => {
      const latinName = js ? 'Zaid Haroun Qadir al-Mashhadani' : 'Yunus Idris Hazim al-Karbouli';
      const arabicName = js ? 'زيد هارون قادر المشهداني' : 'يونس إدريس حازم الكربولي';
      let personId: string;
      let registerNumber: string;

      test(`register a person in Arabic script and see the record registered in Latin script as a likely duplicate (${mode})`, async () => {
        const clerk = await open('clerk', js);
        // The earlier record: registered under a Latin-script name only.
        await clerk.goto(`${base}/persons/new`);
        await clerk.fill('[name="/names/1/full"]', latinName);
        await clerk.check('[name="/sex"][value="male"]');
        await clerk.fill('[name="/dob/year"]', '1988');
        await clerk.click('button[name="_action"][value="register"]');
        await clerk.waitForURL(/\/persons\/[0-9a-f-]{36}\?registered=1$/);
        const earlier = (await clerk.textContent('.regno'))!.trim();

        await clerk.goto(`${base}/persons/new`);
        await clerk.fill('[name="/names/0/full"]', arabicName);
        await clerk.check('[name="/sex"][value="male"]');
        if (js) {
          // Suggestions arrive as the clerk types (htmx), without leaving the page.
          await clerk.waitForSelector(`#suggestions .candidate:has-text("${earlier}")`, { timeout: 15_000 });
        } else {
          await clerk.click('button[name="_action"][value="check"]');
          await clerk.waitForSelector(`#suggestions .candidate:has-text("${earlier}")`);
        }
        assert.ok((await clerk.textContent('#suggestions'))!.includes(latinName));
        if (js) await shot(clerk, 'register-ar');
        await clerk.fill('[name="/dob/year"]', '1988');
        await clerk.click('button[name="_action"][value="register"]');
        await clerk.waitForURL(/\/persons\/[0-9a-f-]{36}\?registered=1$/);
        personId = new URL(clerk.url()).pathname.split('/')[2]!;
        registerNumber = (await clerk.textContent('.regno'))!.trim();
        assert.notEqual(registerNumber, earlier);
        assert.ok((await clerk.textContent('main'))!.includes(arabicName));
        // Mixed scripts stay isolated: the register number is a left-to-right island.
        assert.equal(await clerk.getAttribute('.lead .regno', 'dir'), 'ltr');
      });

      test(`admit with every STANDARDS A item, one of them unknown because …; a refused field is marked where it is (${mode})`, async () => {
        const clerk = await open('clerk', js);
        await clerk.goto(`${base}/persons/${personId}/admit`);
        await clerk.selectOption('[name="/unit_id"]', blockA);
        await clerk.selectOption('[name="/legal_status"]', 'untried');
        await clerk.check('[name="/basis/kind"][value="commitment_order"]');
        await clerk.fill('[name="/basis/issuing_authority"]', 'Fictional investigative court');
        await clerk.fill('[name="/basis/issued_on"]', '2026-11-01');
        const fill = async (name: string, value: string) => clerk.fill(`[name="/items/${name}"]`, value);
        await fill('first_deprivation/at', '2026-10-30T09:00');
        await fill('first_deprivation/place', 'Fictional checkpoint 4');
        await fill('first_deprivation/authority', 'Fictional border guard');
        await fill('ordering_authority/authority', 'Fictional investigative court');
        await fill('ordering_authority/law', 'Code of Criminal Procedure');
        await fill('ordering_authority/article', '109');
        await fill('supervising_authority/authority', 'Fictional public prosecution');
        await fill('property/items', '1 watch\n2 shirts');
        await fill('property/witnessed_by', 'Officer F. Fictional');
        await fill('family/members/0/relation', 'mother');
        await fill('family/members/0/name', 'فاطمة');
        await fill('family/members/0/whereabouts', 'Fictional town');
        await clerk.check('[name="/items/emergency_contact/state"][value="unknown"]');
        await fill('emergency_contact/unknown_reason', 'the detainee does not remember a number');
        await fill('health_record/reference', 'HR-FICT-1');
        await fill('officials/arresting', 'Officer A. Fictional');
        await fill('officials/admitting', 'Officer B. Fictional');
        // The basis reference is left empty: the register refuses, and says so at that field.
        await clerk.click('form.admit button[type="submit"]');
        await clerk.waitForSelector('.error-summary');
        const field = clerk.locator('[name="/basis/reference"]');
        assert.equal(await field.getAttribute('aria-invalid'), 'true');
        const error = await clerk.textContent('#f-basis-reference-error');
        assert.match(error!, /هذا مطلوب/);
        assert.equal(await clerk.inputValue('[name="/items/first_deprivation/place"]'), 'Fictional checkpoint 4', 'what was typed is kept');
        if (js) await shot(clerk, 'admit-ar');

        await field.fill('CO-FICT-2026-77');
        await clerk.click('form.admit button[type="submit"]');
        await clerk.waitForURL(`${base}/persons/${personId}?admitted=1`);
        const main = (await clerk.textContent('main'))!.replace(/[\u2066-\u2069]/g, '');
        assert.ok(main.includes('محتجز'), 'in custody');
        assert.ok(main.includes('غير معروف، لأن the detainee does not remember a number'));
        assert.ok(main.includes('استكمال بند إدخال'), 'the unknown item opened a follow-up');
        if (js) await shot(clerk, 'person-ar');
      });

      test(`a transfer is created, approved, dispatched and received with one person missing, who becomes an open incident (${mode})`, async () => {
        const missing = js ? held[0]! : held[1]!;
        const officer = await open('officer', js);
        await officer.goto(`${base}/transfers/new`);
        await officer.selectOption('[name="/origin/facility_id"]', prisonId);
        await officer.check('[name="/destination/kind"][value="facility"]');
        await officer.selectOption('[name="/destination/facility_id"]', centreId);
        await officer.fill('[name="/reason"]', 'Hearing at the fictional district court');
        await officer.fill('[name="/persons"]', `${registerNumber}\n${missing}`);
        await officer.click('form[action="/transfers/new"] button[type="submit"]');
        await officer.waitForURL(/\/transfers\/[0-9a-f-]{36}\?notice=created$/);
        const transfer = new URL(officer.url()).pathname;
        // The creator may not approve: the approval form is not offered to an officer.
        assert.equal(await officer.locator('form[action$="/approve"]').count(), 0);

        const supervisor = await open('supervisor', js);
        await supervisor.goto(`${base}${transfer}`);
        await supervisor.click('form[action$="/approve"] button[type="submit"]');
        await supervisor.waitForURL(`${base}${transfer}?notice=approved`);

        await officer.goto(`${base}${transfer}`);
        await officer.fill('[name="/escort_authority"]', 'Fictional escort command');
        await officer.fill('[name="/escort_commander"]', 'Captain F. Fictional');
        await officer.click('form[action$="/dispatch"] button[type="submit"]');
        await officer.waitForURL(`${base}${transfer}?notice=dispatched`);
        assert.match((await officer.textContent('#checkin'))!, /بقي شخصان لتسجيل وصولهما/);

        // Arrival: the unit is chosen once; then each number is typed (or scanned) into one field.
        await officer.selectOption('[name="/unit_id"]', { label: 'Wing 1 (رجال – موقوفون)' });
        if (js) await officer.evaluate('window.marker = 42');
        await officer.fill('[name="/register_number"]', registerNumber.toLowerCase());
        await officer.press('[name="/register_number"]', 'Enter');
        await officer.waitForSelector(`#checkin .banner.ok:has-text("${registerNumber}")`);
        if (js) {
          assert.equal(await officer.evaluate<number>('window.marker'), 42, 'checked in without reloading the page');
          assert.equal(await officer.evaluate<string>("document.activeElement.getAttribute('name')"), '/register_number', 'ready for the next scan');
        }
        assert.match((await officer.textContent('#checkin'))!, /بقي شخص واحد لتسجيل وصوله/);
        // A number that is not on the order is refused without touching anyone.
        await officer.fill('[name="/register_number"]', held[3]!);
        await officer.press('[name="/register_number"]', 'Enter');
        await officer.waitForSelector(`#checkin .banner.bad:has-text("${held[3]}")`);
        if (js) await shot(officer, 'transfer-ar');

        await officer.click('form[action$="/count"] button[type="submit"]');
        await officer.waitForURL(`${base}${transfer}?notice=count_closed`);
        const issues = (await officer.textContent('#issues-heading'))!;
        assert.match(issues, /شخص واحد يحتاج متابعة/);
        const row = officer.locator('section[aria-labelledby="issues-heading"] tr.row-bad', { hasText: missing });
        assert.match((await row.textContent())!, /غير معروف المكان/);
        assert.match((await row.textContent())!, /حادثة مفتوحة/);

        await officer.goto(`${base}/dashboard`);
        assert.match((await officer.textContent('main .banner.bad'))!, /حادثة|حادثتان/);
        assert.ok((await officer.textContent('#incidents-heading + .table-wrap'))!.includes(missing));
        if (js) await shot(officer, 'dashboard-incident-ar');
      });
    });
  }

  test('the language switch is remembered; English pages are left to right, and fit 1366×768', async () => {
    const page = await open('supervisor', true);
    await page.click('.language-switch button[value="en"]');
    await page.waitForURL(`${base}/dashboard`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.textContent('h1'), 'Dashboard');
    assert.equal(await scrollsSideways(page), false);
    await shot(page, 'dashboard-en');
    await page.goto(`${base}/persons/new`);
    assert.equal(await page.textContent('h1'), 'Register a person');
    await page.fill('[name="/names/1/full"]', 'Zaid Haroun Qadir al-Mashhadani');
    await page.waitForSelector('#suggestions .candidate', { timeout: 15_000 });
    await shot(page, 'register-en');
    await page.goto(`${base}/transfers`);
    await page.click('table a');
    assert.equal(await scrollsSideways(page), false);
    await shot(page, 'transfer-en');
    // Sorani is right to left in Arabic script; Kurmanji left to right in Latin script.
    await page.click('.language-switch button[value="ckb"]');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ckb');
    await page.click('.language-switch button[value="kmr"]');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    assert.equal(await page.getAttribute('html', 'lang'), 'kmr');
  });

  test('print views: the manifest, the record extract and the wristband with its QR code; the extract as PDF', async () => {
    const page = await open('supervisor', true);
    const person = (await db.query<{ id: string }>("SELECT id FROM person WHERE custody_status = 'in_custody' ORDER BY register_number LIMIT 1")).rows[0]!.id;
    await page.goto(`${base}/print/persons/${person}/wristband?lang=ar`);
    assert.equal(await page.locator('.wristband .qr svg').count(), 1);
    await shot(page, 'wristband-ar');
    await page.goto(`${base}/print/persons/${person}/extract?lang=en`);
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await shot(page, 'extract-en');
    const transfer = (await db.query<{ id: string }>('SELECT id FROM transfer ORDER BY created_at LIMIT 1')).rows[0]!.id;
    await page.goto(`${base}/print/transfers/${transfer}/manifest?lang=ar`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await shot(page, 'manifest-ar');
    const pdf = await page.request.get(`${base}/print/persons/${person}/extract?format=pdf&lang=ar`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  });
});
