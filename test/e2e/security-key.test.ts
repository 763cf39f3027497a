/**
 * A security key end to end, in headless Chromium (Debian's /usr/bin/chromium, or
 * SIJILL_CHROMIUM) driven by playwright-core, with the browser's own virtual authenticator
 * (Chrome DevTools Protocol, WebAuthn domain: a CTAP2 key on USB that answers at once): a
 * supervisor, whose role must have a second factor, logs in with the password, enrols the key on
 * the second-factor page (assets/security-key.js asks the browser, the page's form sends the
 * answer), is shown the recovery codes, logs out, and logs in again with the key. Without
 * scripts the login's second step says a key cannot work and a recovery code logs in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createAccount, wholeRegister } from '../../src/api/accounts.ts';
import { secondFactorKeyFrom } from '../../src/api/second-factor.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite-database.ts';
import type { Database } from '../../src/store/database.ts';
import { chromiumArgs, chromiumPath } from '../../src/web/pdf.ts';
import { cheap, password } from '../support/api-client.ts';

/** A port free on the loopback now: the relying party's origin names it before the server listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('a security key in Chromium', { timeout: 300_000 }, () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  let recoveryCodes: string[] = [];

  before(async () => {
    db = await openPglite();
    await migrate(db);
    await createAccount(db, { username: 'sup', displayName: 'Fictional supervisor', role: 'supervisor', password, scope: wholeRegister }, { cost: cheap });
    const port = await freePort();
    // WebAuthn wants a secure context: http://localhost is one, and the relying party is localhost.
    base = `http://localhost:${port}`;
    app = buildApp({ db, passwordCost: cheap, requireSecondFactor: true, secondFactorKey: secondFactorKeyFrom(randomBytes(32)), webAuthn: { rpId: 'localhost', origins: [base] } });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, '--host-resolver-rules=MAP localhost 127.0.0.1'], headless: true });
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  async function newPage(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled });
    contexts.push(context);
    return context.newPage();
  }

  async function logInWithPassword(page: Page): Promise<void> {
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', 'sup');
    await page.fill('[name="password"]', password);
    await page.click('form[action="/login"] button[type="submit"]');
  }

  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;

  test('the password, then a key enrolled on the second-factor page: the recovery codes are shown once, and the register is open', async () => {
    page = await newPage(true);
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    }));
    await logInWithPassword(page);
    await page.waitForURL(`${base}/second-factor?next=%2Fdashboard`);
    // With scripts the key's form shows, and the notice that a key needs them does not.
    const keySection = page.locator('[data-security-key="register"]');
    await keySection.locator('input[name="name"]').waitFor({ state: 'visible' });
    assert.equal(await keySection.locator('.needs-script').isVisible(), false);
    await keySection.locator('input[name="name"]').fill('مفتاح أزرق');
    await keySection.locator('button[type="submit"]').click();
    await page.locator('ol.recovery-codes').waitFor();
    recoveryCodes = await page.locator('ol.recovery-codes code').allTextContents();
    assert.equal(recoveryCodes.length, 10);

    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the authenticator holds one credential');
    assert.equal(credentials[0]!.rpId, 'localhost');
    const stored = await db.query<{ credential_id: Uint8Array; name: string; transports: string[] }>('SELECT credential_id, name, transports FROM security_key');
    assert.equal(stored.rows.length, 1);
    assert.equal(stored.rows[0]!.name, 'مفتاح أزرق');
    assert.equal(Buffer.from(stored.rows[0]!.credential_id).toString('base64'), credentials[0]!.credentialId, 'the register kept the credential the authenticator made');
    assert.ok(stored.rows[0]!.transports.includes('usb'), `transports ${stored.rows[0]!.transports}`);

    await page.click('a[href="/dashboard"]');
    await page.waitForURL(`${base}/dashboard`);
    // The second-factor page lists the key by its name.
    await page.goto(`${base}/second-factor`);
    assert.ok((await page.locator('table.security-keys').textContent())!.includes('مفتاح أزرق'));
  });

  test('logged out and in again: the second step offers the key, one touch, and the register is open; the counter moved and the use is audited', async () => {
    await page.click('form[action="/logout"] button[type="submit"]');
    await page.waitForURL(`${base}/login`);
    await logInWithPassword(page);
    await page.waitForURL(`${base}/login/code?next=%2Fdashboard`);
    const button = page.locator('[data-security-key="login"] button[type="submit"]');
    await button.waitFor({ state: 'visible' });
    assert.equal(await page.locator('input[name="code"]').count(), 0, 'no authenticator app: no code asked for');
    await button.click();
    await page.waitForURL(`${base}/dashboard`);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const row = await db.query<{ counter: number; last_used_at: Date | null }>('SELECT counter::int AS counter, last_used_at FROM security_key');
    assert.equal(row.rows[0]!.counter, credentials[0]!.signCount, 'the register keeps the authenticator’s counter');
    assert.ok(row.rows[0]!.last_used_at);
    const audit = await db.query<{ what: string }>('SELECT what FROM account_audit ORDER BY id');
    assert.deepEqual(audit.rows.map((r) => r.what), ['security_key_enrolled', 'security_key_used']);
  });

  test('an authenticator without the account’s key: the browser gives nothing, the page says so in its language, and the login waits', async () => {
    const other = await newPage(true);
    const otherCdp = await other.context().newCDPSession(other);
    await otherCdp.send('WebAuthn.enable');
    await otherCdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: false, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await logInWithPassword(other);
    await other.waitForURL(`${base}/login/code?next=%2Fdashboard`);
    const button = other.locator('[data-security-key="login"] button[type="submit"]');
    await button.waitFor({ state: 'visible' });
    await button.click();
    // This authenticator holds no credential the options allow: the browser refuses (NotAllowedError), and the page says so.
    const status = other.locator('[data-security-key="login"] .key-status');
    await status.waitFor({ state: 'visible', timeout: 150_000 });
    assert.match((await status.textContent())!, /لم يصل أي ردّ من المفتاح/);
    assert.match(other.url(), /\/login\/code/);
    assert.equal((await db.query('SELECT 1 FROM login_failure')).rows.length, 0, 'nothing reached the register: no failure counted');
  });

  test('without scripts the second step says a key needs them, and a recovery code logs in', async () => {
    const plain = await newPage(false);
    await logInWithPassword(plain);
    await plain.waitForURL(`${base}/login/code?next=%2Fdashboard`);
    const notice = plain.locator('[data-security-key="login"] .needs-script');
    assert.equal(await notice.isVisible(), true);
    assert.match((await notice.textContent())!, /جافاسكربت/);
    assert.equal(await plain.locator('[data-security-key="login"] button[type="submit"]').isVisible(), false, 'no button that cannot work');
    await plain.fill('[name="recovery_code"]', recoveryCodes[0]!);
    await plain.click('form[action="/login/code"] button[type="submit"]');
    await plain.waitForURL(`${base}/dashboard`);
  });
});
