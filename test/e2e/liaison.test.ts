/**
 * A state's liaison officer and the states desk end to end, in headless Chromium with scripts
 * off (Debian's /usr/bin/chromium, or SIJILL_CHROMIUM, driven by playwright-core), against a
 * server started here on PGlite with a small demo register and its accounts: the French
 * embassy's liaison officer (`liaison-fra`, the demo password) logs in, sees only France's
 * nationals — with the fields France's data-sharing policy allows — and confirms one's
 * nationality on the case awaiting it; the desk's supervisor reads the states report and prints
 * it and the letter to France, in Arabic. With SIJILL_SCREENSHOT_DIR set, the screens are
 * photographed into that folder (none is kept in the repository).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createAccount, wholeRegister } from '../../src/api/accounts.ts';
import { demoAccounts, demoPassword } from '../../src/demo/demo-accounts.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import { IdentityIndex } from '../../src/queries/identity-index.ts';
import type { Database } from '../../src/store/database.ts';
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { cheap } from '../support/api-client.ts';

const screenshots = process.env.SIJILL_SCREENSHOT_DIR;
const shot = async (page: Page, name: string) => {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png`, fullPage: true });
};
/** A page's text without the bidi isolates messages put around values. */
const plain = (text: string | null) => (text ?? '').replace(/[\u2066-\u2069]/g, '');

describe('a liaison officer and the states desk in Chromium, without scripts', { timeout: 600_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    db = await openPglite();
    await migrate(db);
    const register = { db, identity: await IdentityIndex.build(db) };
    await seedDemo(register, 300);
    // The demo's accounts, as `sijill serve --demo` makes them (the liaison officers bound to their states).
    for (const a of demoAccounts) {
      await createAccount(db, { username: a.username, displayName: a.displayName, role: a.role, password: demoPassword, scope: wholeRegister, ...(a.liaisonState ? { liaisonState: a.liaisonState } : {}) }, { cost: cheap });
    }
    app = buildApp({ db, register, demo: true, passwordCost: cheap });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** A browser without scripts, logged in through the login form with the demo password. */
  async function open(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', username);
    await page.fill('[name="password"]', demoPassword);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/dashboard`);
    return page;
  }

  const one = async <T>(sql: string, params: unknown[] = []) => (await db.query<{ v: T }>(sql, params)).rows.map((r) => r.v);

  test('the French liaison sees only France’s nationals, with the fields France shares, and confirms one’s nationality', async () => {
    const french = new Set(await one<string>("SELECT id AS v FROM person WHERE 'FR' = ANY(nationalities) AND merged_into IS NULL"));
    const others = await one<string>("SELECT register_number AS v FROM person WHERE NOT ('FR' = ANY(nationalities)) ORDER BY register_number");
    assert.ok(french.size > 0 && others.length > 0, 'the demo holds French nationals and others');

    const liaison = await open('liaison-fra');
    assert.equal(await liaison.getAttribute('html', 'lang'), 'ar');
    await liaison.click('nav a[href="/nationals"]');
    await liaison.waitForURL(`${base}/nationals`);
    assert.match(plain(await liaison.textContent('h1')), /رعايا فرنسا/);
    assert.match(plain(await liaison.textContent('#sharing-policy')), /مذكرة تفاهم بشأن إعادة الرعايا/);
    const listed = await liaison.locator('#nationals tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-person')!));
    assert.equal(listed.length, Math.min(french.size, 50));
    for (const id of listed) assert.ok(french.has(id), `${id} is French`);
    const text = plain(await liaison.textContent('main'));
    for (const number of others) assert.ok(!text.includes(number), `${number} is not French and is not shown`);
    // France is shown names, dates of birth, sex, nationalities, custody status and the case's stage — not the facility.
    const headings = await liaison.locator('#nationals thead th').allTextContents();
    assert.deepEqual(headings.map(plain), ['رقم السجل', 'الأسماء', 'تاريخ الميلاد', 'الجنس', 'الجنسيات', 'حالة الاحتجاز', 'مرحلة ملف الإعادة']);
    await shot(liaison, 'liaison-nationals-ar');

    // The national whose case awaits the confirmation of the nationality (accepted by France).
    const [waiting] = await one<string>("SELECT person_id AS v FROM repatriation_case WHERE state = 'FR' AND status = 'accepted'");
    const [caseId] = await one<string>("SELECT id AS v FROM repatriation_case WHERE state = 'FR' AND status = 'accepted'");
    await liaison.goto(`${base}/nationals/${waiting}`);
    await liaison.click(`#cases a[href="/repatriations/${caseId}"]`);
    await liaison.waitForURL(`${base}/repatriations/${caseId}`);
    await liaison.locator('details:has(form[action$="/nationality-confirmation"]) > summary').click();
    await liaison.selectOption('form[action$="/nationality-confirmation"] [name="/evidence"]', 'state_confirmation');
    await liaison.fill('form[action$="/nationality-confirmation"] [name="/reference"]', 'NAT-FR-E2E-1');
    await liaison.click('form[action$="/nationality-confirmation"] button[type="submit"]');
    await liaison.waitForURL(`${base}/repatriations/${caseId}?notice=saved`);
    assert.ok(plain(await liaison.textContent('main')).includes('تأكّدت الجنسية'), 'the case stands at the nationality confirmed');
    const [record] = await one<{ status: string; nationality: { confirmed_by: string; reference: string } }>('SELECT record AS v FROM repatriation_case WHERE id = $1', [caseId]);
    assert.deepEqual([record!.status, record!.nationality.confirmed_by, record!.nationality.reference], ['nationality_confirmed', 'liaison-fra', 'NAT-FR-E2E-1']);
    await shot(liaison, 'liaison-confirmed-ar');

    // Another state's national is not found; every read above is a sharing with France.
    const [tunisian] = await one<string>("SELECT id AS v FROM person WHERE nationalities = ARRAY['TN'] LIMIT 1");
    const res = await liaison.goto(`${base}/nationals/${tunisian}`);
    assert.equal(res!.status(), 404);
    const shared = await one<string>("SELECT DISTINCT s.state AS v FROM sharing_record s JOIN account a ON a.id = s.account_id WHERE a.username = 'liaison-fra'");
    assert.deepEqual(shared, ['FR']);
  });

  test('the desk’s report and the letter to France, printed in Arabic', async () => {
    const desk = await open('supervisor');
    await desk.goto(`${base}/repatriations/states`);
    assert.equal(await desk.getAttribute('html', 'dir'), 'rtl');
    assert.deepEqual(await desk.locator('#states-report tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state'))), ['DE', 'FR', 'TN']);
    await desk.click('a[href="/print/repatriations/states-report"]');
    await desk.waitForURL(`${base}/print/repatriations/states-report`);
    assert.equal(await desk.getAttribute('html', 'lang'), 'ar');
    assert.match(plain(await desk.textContent('main')), /مكتب الدول/);
    assert.match(plain(await desk.textContent('#states-report tr[data-state="FR"] th')), /فرنسا/);
    await desk.emulateMedia({ media: 'print' });
    await shot(desk, 'states-report-print-ar');

    await desk.goto(`${base}/print/repatriations/states/FR/letter`);
    assert.equal(await desk.getAttribute('html', 'lang'), 'ar');
    const letter = plain(await desk.textContent('main'));
    assert.match(letter, /رسالة إلى فرنسا/);
    // Every French national whose request awaits France's answer (sent, or recorded as unanswered) is listed, and nobody else.
    const awaiting = await one<string>("SELECT p.register_number AS v FROM repatriation_case r JOIN person p ON p.id = r.person_id WHERE r.state = 'FR' AND r.status IN ('request_sent', 'no_answer')");
    assert.ok(awaiting.length >= 1, 'the demo has a French national awaiting an answer');
    for (const number of awaiting) assert.ok(letter.includes(number), `${number}, awaiting France’s answer, is listed`);
    assert.equal(await desk.locator('#awaiting tbody tr').count(), awaiting.length);
    await shot(desk, 'letter-fr-print-ar');
    // The letter as the PDF the print view offers, rendered from the same Arabic page.
    const pdf = await desk.request.get(`${base}/print/repatriations/states/FR/letter?format=pdf&lang=ar`);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  });
});
