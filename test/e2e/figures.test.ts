/**
 * The public figures page in headless Chromium (Debian's chromium, driven by playwright-core),
 * without logging in, in Arabic: right to left, its three charts drawn with their bars, the
 * oldest month on the right (the way the page reads), suppressed counts marked, no error on the
 * console and no request failed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { execute, type Register } from '../../src/commands/execute.ts';
import { registerFacility } from '../../src/commands/register-facility.ts';
import { registerPerson } from '../../src/commands/register-person.ts';
import { admitPerson } from '../../src/commands/admit-person.ts';
import { prepareFigures } from '../../src/commands/prepare-figures.ts';
import { approveFigures } from '../../src/commands/approve-figures.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import type { Database } from '../../src/store/database.ts';
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { aFacility, aPerson, anAdmission } from '../support/factories.ts';

describe('the figures page in Chromium', { timeout: 180_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  before(async () => {
    db = await openPglite();
    await migrate(db);
    const register: Register = { db };
    const as = (actor: string) => ({ actor, role: 'supervisor' as const, idempotencyKey: randomUUID() });
    const prison = aFacility({ name: 'سجن وهمي مركزي' });
    assert.ok((await execute(register, registerFacility, prison, as('admin'))).ok);
    // 12 men admitted in January, 5 in February, 2 women in February (suppressed below 3).
    const admit = async (sex: 'male' | 'female', at: string, unit: number) => {
      const person = aPerson({ sex, gender: sex === 'male' ? 'man' : 'woman' });
      assert.ok((await execute(register, registerPerson, person, as('clerk'))).ok);
      assert.ok((await execute(register, admitPerson, anAdmission(person.person_id, prison, { admitted_at: at, unit_id: prison.units[unit]!.id }), as('clerk'))).ok);
    };
    for (let i = 0; i < 12; i++) await admit('male', '2026-01-21T14:00:00+03:00', 0);
    for (let i = 0; i < 5; i++) await admit('male', '2026-02-03T14:00:00+03:00', 0);
    for (let i = 0; i < 2; i++) await admit('female', '2026-02-04T14:00:00+03:00', 1);
    const publication_id = randomUUID();
    assert.ok((await execute(register, prepareFigures, { publication_id, threshold: 3, rounding: 1 }, as('supervisor'))).ok);
    assert.ok((await execute(register, approveFigures, { publication_id }, as('deputy'))).ok);
    app = buildApp({ db, register });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  test('in Arabic, without login: right to left, three charts with their bars, the oldest month on the right', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    const response = await page.goto(`${base}/figures?lang=ar`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.textContent('h1'), 'الأرقام العامة: من هم المحتجزون');
    const charts = page.locator('svg.chart.series');
    assert.equal(await charts.count(), 3);
    for (let i = 0; i < 3; i++) {
      const box = await charts.nth(i).boundingBox();
      assert.ok(box && box.width > 30 && box.height > 100, `chart ${i} is drawn: ${JSON.stringify(box)}`);
    }
    // The admissions chart: one bar per month, January (12) right of February (7).
    const admissions = charts.nth(1);
    assert.equal(await admissions.getAttribute('aria-label'), 'حالات الإدخال في كل شهر');
    const bars = admissions.locator('rect.bar-used');
    assert.equal(await bars.count(), 2);
    const [january, february] = [(await bars.nth(0).boundingBox())!, (await bars.nth(1).boundingBox())!];
    assert.ok(january.x > february.x, `January (${january.x}) is to the right of February (${february.x})`);
    assert.ok(january.height > february.height, 'twelve admissions draw a taller bar than seven');
    // Two women: suppressed, marked as such.
    assert.ok((await page.locator('td.suppressed').count()) > 0);
    assert.equal(await page.locator('td.suppressed').first().getAttribute('title'), 'محجوب لحماية الأشخاص');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
