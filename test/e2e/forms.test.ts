/**
 * The registration and admission forms in headless Chromium with scripts on, in Arabic, against
 * a server on PGlite with the demo register: a nationality picked by typing part of its Arabic
 * name and choosing it from the list offered under the control; the date of birth's kind hiding the
 * other kinds' fields. The height of the registration form at 1366×768 is printed (not asserted), to
 * see what the clerk scrolls through; each step of the admission form must fit one laptop screen. Typing a name while the duplicate check answers slowly reports
 * nothing on the console (no check is aborted). With scripts a clerk registers and admits a person
 * in two submissions, a mistake on a step being caught in the page, in Arabic, at its control.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createAccount, wholeRegister } from '../../src/api/accounts.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import { IdentityIndex } from '../../src/queries/identity-index.ts';
import type { Database } from '../../src/store/database.ts';
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { cheap } from '../support/api-client.ts';

const password = 'sijill-demo';

describe('the registration and admission forms in Chromium, with scripts', { timeout: 300_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let page: Page;
  let personId: string;
  /** Form submissions: POSTs the browser sends as page loads (not the duplicate check's background requests). */
  let submissions = 0;

  before(async () => {
    db = await openPglite();
    await migrate(db);
    await seedDemo({ db });
    await createAccount(db, { username: 'clerk', displayName: 'Fictional clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
    app = buildApp({ db, register: { db, identity: await IdentityIndex.build(db) }, demo: true, passwordCost: cheap });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: true });
    page = await context.newPage();
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.isNavigationRequest()) submissions++;
    });
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', 'clerk');
    await page.fill('[name="password"]', password);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/dashboard`);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** The height of the whole page, in CSS pixels. */
  const height = () => page.evaluate<number>('document.documentElement.scrollHeight');

  test('typing a name while the duplicate check answers slowly leaves no error on the console, and the last answer stays', async () => {
    const problems: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') problems.push(m.text());
    };
    page.on('console', onConsole);
    // Each check takes longer than the pause between two words, so a new check is asked for while one is under way.
    await page.route('**/persons/new/duplicates', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    try {
      await page.goto(`${base}/persons/new`);
      for (const word of ['هشام', ' فيصل', ' محمد', ' العاني']) {
        await page.locator('[name="/names/0/full"]').pressSequentially(word, { delay: 40 });
        await page.waitForTimeout(800);
      }
      // The last check comes back (nothing left under way), and nothing was reported as failed.
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('#suggestions.htmx-request') === null, null, { timeout: 20_000 });
      await page.waitForTimeout(300);
      assert.deepEqual(problems, []);
    } finally {
      page.off('console', onConsole);
      await page.unroute('**/persons/new/duplicates');
    }
  });

  test('a nationality is picked by typing part of its Arabic name; the date of birth shows only the fields of the kind chosen', async () => {
    await page.goto(`${base}/persons/new`);
    submissions = 0;
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    console.log(`registration form at 1366×768: ${await height()} px high`);

    // The kind "year only" is chosen at first: only its group shows.
    for (const [group, shown] of [['exact', false], ['year', true], ['range', false], ['unknown', false]] as const) {
      assert.equal(await page.isVisible(`#dob-${group}`), shown, `the ${group} group is ${shown ? 'shown' : 'hidden'}`);
    }
    await page.check('[name="/dob/kind"][value="exact"]');
    assert.equal(await page.isVisible('#dob-exact'), true);
    assert.equal(await page.isVisible('[name="/dob/date"]'), true);
    for (const group of ['year', 'range', 'unknown']) assert.equal(await page.isVisible(`#dob-${group}`), false, `the ${group} group is hidden`);
    await page.check('[name="/dob/kind"][value="unknown"]');
    assert.equal(await page.isVisible('[name="/dob/reason"]'), true);
    assert.equal(await page.isVisible('[name="/dob/date"]'), false);
    await page.check('[name="/dob/kind"][value="exact"]');

    await page.fill('[name="/names/0/full"]', 'مهند صباح عارف الدوري');
    await page.check('[name="/sex"][value="male"]');
    await page.fill('[name="/dob/date"]', '٠٥/٠٣/١٩٨٨');
    // Part of the Arabic name of Germany: the list under the control offers it, chosen with the arrow and Enter.
    const nationality = page.locator('[name="/nationalities/0"]');
    await nationality.fill('');
    await nationality.pressSequentially('ألما', { delay: 30 });
    const offered = page.locator('#f-nationalities-0 + .choices [role="option"]');
    await offered.first().waitFor();
    assert.ok((await offered.allTextContents()).some((o) => o.startsWith('ألمانيا')), 'Germany is offered by its Arabic name');
    assert.ok((await offered.allTextContents()).every((o) => !/Germany/.test(o)));
    await nationality.press('ArrowDown');
    await nationality.press('Enter');
    assert.equal(await nationality.inputValue(), 'ألمانيا');
    // A second nationality by a click, typed with another form of alef ("اير" finds إيران).
    const second = page.locator('[name="/nationalities/1"]');
    await second.pressSequentially('اير', { delay: 30 });
    await page.locator('#f-nationalities-1 + .choices [role="option"]', { hasText: 'إيران' }).click();
    assert.equal(await second.inputValue(), 'إيران');
    // A second language the same way, from the page's list of languages named in Arabic.
    const language = page.locator('[name="/languages/1"]');
    await language.pressSequentially('فرن', { delay: 30 });
    await page.locator('#f-languages-1 + .choices [role="option"]', { hasText: 'الفرنسية' }).click();
    assert.equal(await language.inputValue(), 'الفرنسية');

    await page.click('button[name="_action"][value="register"]');
    await page.waitForURL(/\/persons\/[0-9a-f-]{36}\?registered=1$/);
    personId = new URL(page.url()).pathname.split('/')[2]!;
    assert.equal(submissions, 1, 'registered in one submission');
    const { rows } = await db.query<{ nationalities: string[]; dob: unknown; languages: string[] }>('SELECT nationalities, dob, languages FROM person WHERE id = $1', [personId]);
    assert.deepEqual(rows[0]!.nationalities, ['DE', 'IR']);
    assert.deepEqual(rows[0]!.languages, ['ar', 'fr']);
    assert.deepEqual(rows[0]!.dob, { kind: 'exact', date: '1988-03-05' });
  });

  test('the admission form in steps on one page: each step under one laptop screen; a mistake is caught in the page, in Arabic, at its control, its summary read first; registered and admitted in two submissions', async () => {
    assert.ok(personId, 'registered above');
    const unitId = (await db.query<{ id: string }>("SELECT u.id FROM facility_unit u JOIN facility f ON f.id = u.facility_id WHERE u.category = 'men_untried' ORDER BY f.name, u.name LIMIT 1")).rows[0]!.id;
    await page.goto(`${base}/persons/${personId}/admit`);
    const admitUrl = page.url();
    const onStep = (step: string) => page.waitForSelector(`form.admit section.admit-step[data-step="${step}"]:not([hidden])`);
    await onStep('placement');
    assert.equal(await page.isVisible('[name="/basis/issued_on"]'), true);
    assert.equal(await page.isVisible('[name="/items/first_deprivation/place"]'), false, 'the next step is in the page, not shown');
    const heights: number[] = [await height()];
    await page.selectOption('[name="/unit_id"]', unitId);
    await page.fill('[name="/basis/reference"]', 'CO-FICT-3');
    await page.fill('[name="/basis/issuing_authority"]', 'محكمة تحقيق وهمية');
    if (await page.locator('[name="/duplicate_reason"]').count()) await page.fill('[name="/duplicate_reason"]', 'أُحضر الليلة');
    // The 31st of February: stopped on this step by the page itself, nothing sent.
    await page.fill('[name="/basis/issued_on"]', '٣١/٠٢/٢٠٢٦');
    const next = () => page.click('form.admit .actions button[type="submit"]:not(.secondary)');
    await next();
    await page.waitForSelector('.error-summary');
    assert.equal(submissions, 1, 'the mistake cost no submission');
    assert.equal(page.url(), admitUrl);
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'error-summary');
    assert.equal(await page.textContent('#error-summary-title'), 'لم يُحفظ شيء: مشكلة واحدة');
    assert.equal(await page.getAttribute('#f-basis-issued_on', 'aria-invalid'), 'true');
    assert.equal(await page.textContent('#f-basis-issued_on-error'), '\u2068تاريخ الإصدار\u2069: في \u2068شباط\u2069 \u2068٢٠٢٦\u2069 \u2068٢٨\u2069 يومًا، فلا يوجد يوم \u2068٣١\u2069.');
    await page.click('.error-summary a[href="#f-basis-issued_on"]');
    assert.equal(await page.inputValue('#f-basis-issued_on'), '٣١/٠٢/٢٠٢٦', 'what was typed is kept');
    // Corrected: on through each later step, filled as a clerk fills it.
    await page.fill('[name="/basis/issued_on"]', '٠١/٠١/٢٠٢٦');
    const steps: [string, Record<string, string>][] = [
      ['arrest', { 'first_deprivation/at': '٣١/١٢/٢٠٢٥ ٠٩:٠٠', 'first_deprivation/place': 'نقطة تفتيش وهمية', 'first_deprivation/authority': 'حرس الحدود', 'ordering_authority/authority': 'محكمة تحقيق وهمية', 'ordering_authority/law': 'قانون أصول المحاكمات الجزائية', 'ordering_authority/article': '109', 'supervising_authority/authority': 'الادعاء العام' }],
      ['care', { 'property/witnessed_by': 'ضابط وهمي', 'health_record/reference': 'HR-FICT-3' }],
      ['people', { 'emergency_contact/name': 'حميد', 'emergency_contact/contact': '0770 000 0000', 'officials/admitting': 'ضابط وهمي' }],
      ['review', {}],
    ];
    for (const [step, fields] of steps) {
      await next();
      await onStep(step);
      assert.equal(await page.locator('.error-summary').count(), 0, `${step}: the mistake is gone once corrected`);
      heights.push(await height());
      for (const [name, value] of Object.entries(fields)) await page.fill(`[name="/items/${name}"]`, value);
    }
    console.log(`admission form steps at 1366×768: ${heights.join(', ')} px high`);
    for (const h of heights) assert.ok(h <= 900, `a step ${h} px high fits one laptop screen`);
    // The review shows what the steps hold now; nothing is written before its button.
    assert.match((await page.textContent('tr[data-row="health_record"]'))!, /HR-FICT-3/);
    assert.equal(submissions, 1);
    const before = await db.query<{ custody_status: string }>('SELECT custody_status FROM person WHERE id = $1', [personId]);
    assert.equal(before.rows[0]!.custody_status, 'registered');
    await page.click('form.admit button[name="_go"][value="admit"]');
    await page.waitForURL(`${base}/persons/${personId}?admitted=1`);
    assert.equal(submissions, 2, 'registered and admitted in two submissions');
    const { rows } = await db.query<{ custody_status: string; basis: { issued_on: string }; items: { health_record: { reference: string } } }>(
      'SELECT p.custody_status, a.basis, a.items FROM person p JOIN admission a ON a.person_id = p.id WHERE p.id = $1',
      [personId],
    );
    assert.equal(rows[0]!.custody_status, 'in_custody');
    assert.equal(rows[0]!.basis.issued_on, '2026-01-01');
    assert.equal(rows[0]!.items.health_record.reference, 'HR-FICT-3');
  });
});
