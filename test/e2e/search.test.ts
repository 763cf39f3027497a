/**
 * The search page in headless Chromium (Debian's /usr/bin/chromium, or SIJILL_CHROMIUM, driven
 * by playwright-core), with scripts on and off, against a server on PGlite holding 25 persons
 * of one family name: the button sits beside its input in Arabic (right to left) and English;
 * typing a name letter by letter, faster than the results come, leaves no error on the console
 * and no request reported as failed, and the results and the address are those of the whole
 * name; Enter and the button give the same results; without scripts the form is a plain GET.
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
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { cheap, clientFor, login, password } from '../support/api-client.ts';
import { aName, aPerson } from '../support/factories.ts';

/** What these tests read of the page's window (the project is typed without the DOM's library). */
interface Browserish {
  document: { documentElement: { lang: string }; querySelector(selector: string): unknown };
  location: { href: string };
}

const given = ['Salim', 'Hamid', 'Nasir', 'Karim', 'Yusuf'];
const fathers = ['Ali', 'Omar', 'Jasim', 'Hasan', 'Faris'];

describe('the search page in Chromium', { timeout: 180_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    db = await openPglite();
    await migrate(db);
    await createAccount(db, { username: 'clerk', displayName: 'Fictional Clerk', role: 'registration_clerk', password, scope: wholeRegister }, { cost: cheap });
    const register = { db, identity: await IdentityIndex.build(db) };
    app = buildApp({ db, register, passwordCost: cheap });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const clerk = clientFor(app, await login(app, 'clerk'));
    for (const g of given) {
      for (const f of fathers) {
        const { person_id: _id, register_number: _n, ...person } = aPerson({ names: [aName({ script: 'Latn', full: `${g} ${f} al-Fictiwi`, parts: {} })] });
        // One family of namesakes: each registered over the duplicate question, with the reason.
        const registered = await clerk('POST', '/api/persons', { body: { ...person, duplicate_reason: 'Fictional family: brothers and cousins' } });
        assert.equal(registered.statusCode, 201, registered.body);
      }
    }
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  /** A logged-in browser page, with or without scripts; every console error and failed request is kept. */
  async function open(javaScriptEnabled: boolean, lang?: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', 'clerk');
    await page.fill('[name="password"]', password);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(`${base}/dashboard`);
    await page.goto(`${base}/search`);
    if (lang) {
      // The language switch of every page (a form; the choice is remembered in a cookie).
      await page.click(`form.language-switch button[value="${lang}"]`);
      await page.waitForFunction((l) => (globalThis as unknown as Browserish).document.documentElement.lang === l, lang);
    }
    return { page, problems };
  }

  /** Distance in pixels between the search input's box and its button's, and whether they share a line. */
  async function buttonBeside(page: Page): Promise<{ gap: number; sameLine: boolean }> {
    const input = await page.locator('#q').boundingBox();
    const button = await page.locator('form[role="search"] button[type="submit"]').boundingBox();
    assert.ok(input && button);
    const gap = Math.max(button.x - (input.x + input.width), input.x - (button.x + button.width));
    const sameLine = button.y < input.y + input.height && input.y < button.y + button.height;
    return { gap, sameLine };
  }

  const resultCount = (page: Page) => page.locator('#results .results li').count();

  test('the button sits beside its input, in Arabic and in English', async () => {
    for (const lang of ['ar', 'en']) {
      const { page } = await open(true, lang);
      const { gap, sameLine } = await buttonBeside(page);
      assert.ok(sameLine, `${lang}: the button is on the input's line`);
      assert.ok(gap >= 0 && gap <= 16, `${lang}: the button is ${gap}px from the input`);
    }
  });

  test('typing faster than the answers come leaves no error, and the results are those of the whole name', async () => {
    const { page, problems } = await open(true);
    // The server answers slowly here, so that letters arrive while a search is under way.
    await page.route('**/search?**', async (route) => {
      await new Promise((r) => setTimeout(r, 400));
      await route.continue();
    });
    await page.locator('#q').pressSequentially('Karim Hasan al-Fictiwi', { delay: 120 });
    await page.waitForFunction(() => new URL((globalThis as unknown as Browserish).location.href).searchParams.get('q') === 'Karim Hasan al-Fictiwi', null, { timeout: 15_000 });
    await page.waitForFunction(() => {
      const d = (globalThis as unknown as Browserish).document;
      return d.querySelector('#results .results li') !== null && d.querySelector('.htmx-request') === null;
    }, null, { timeout: 15_000 });
    const first = await page.locator('#results .results li').first().textContent();
    assert.match(first ?? '', /Karim Hasan al-Fictiwi/);
    // Enter and the button ask again for the same name: the same first result, still no error.
    await page.locator('#q').press('Enter');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForFunction(() => (globalThis as unknown as Browserish).document.querySelector('.htmx-request') === null, null, { timeout: 15_000 });
    assert.equal(await page.locator('#results .results li').first().textContent(), first);
    assert.ok((await resultCount(page)) > 0);
    assert.deepEqual(problems, []);
  });

  test('without scripts the form is a plain GET, the button beside its input', async () => {
    const { page, problems } = await open(false);
    const { gap, sameLine } = await buttonBeside(page);
    assert.ok(sameLine && gap >= 0 && gap <= 16);
    await page.fill('#q', 'Yusuf Faris al-Fictiwi');
    await page.click('form[role="search"] button[type="submit"]');
    await page.waitForURL(/\/search\?q=Yusuf\+Faris\+al-Fictiwi$/);
    assert.match((await page.locator('#results .results li').first().textContent()) ?? '', /Yusuf Faris al-Fictiwi/);
    assert.deepEqual(problems, []);
  });
});
