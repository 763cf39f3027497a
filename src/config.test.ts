import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, cookiesSecureFor, loadConfig } from './config.ts';

test('login limits and proxy trust: defaults hold an account to 10 guesses an hour; bad values stop the start with the variable named', () => {
  const config = loadConfig({});
  assert.equal(config.trustProxy, false);
  assert.deepEqual(config.loginThrottle, { accountFreeFailures: 5, accountLockSeconds: 60, accountLockMaxSeconds: 3600, addressFailures: 20, addressWindowSeconds: 900 });

  const set = loadConfig({ SIJILL_TRUST_PROXY: '10.0.0.0/8, 192.0.2.1', SIJILL_LOGIN_ACCOUNT_FREE_FAILURES: '3', SIJILL_LOGIN_ADDRESS_FAILURES: '50' });
  assert.deepEqual(set.trustProxy, ['10.0.0.0/8', '192.0.2.1']);
  assert.equal(set.loginThrottle.accountFreeFailures, 3);
  assert.equal(set.loginThrottle.addressFailures, 50);
  assert.equal(loadConfig({ SIJILL_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ SIJILL_TRUST_PROXY: '2' }).trustProxy, 2);

  for (const [name, value] of [
    ['SIJILL_LOGIN_ACCOUNT_FREE_FAILURES', '0'],
    ['SIJILL_LOGIN_ACCOUNT_LOCK_SECONDS', 'a minute'],
    ['SIJILL_LOGIN_ADDRESS_WINDOW_SECONDS', '-5'],
    ['SIJILL_LOGIN_ADDRESS_FAILURES', '1.5'],
    ['SIJILL_TRUST_PROXY', 'proxy.example'],
  ] as const) {
    assert.throws(() => loadConfig({ [name]: value }), (e: unknown) => e instanceof ConfigError && e.message.startsWith(name), `${name}=${value}`);
  }
  assert.throws(() => loadConfig({ SIJILL_LOGIN_ACCOUNT_LOCK_SECONDS: '600', SIJILL_LOGIN_ACCOUNT_LOCK_MAX_SECONDS: '60' }), /SIJILL_LOGIN_ACCOUNT_LOCK_MAX_SECONDS/);
});

test('the session cookie is Secure by default outside demo mode, not in a demo on localhost, and as configured when set', () => {
  assert.equal(loadConfig({}).cookieSecure, null);
  assert.equal(cookiesSecureFor(loadConfig({}), false), true);
  assert.equal(cookiesSecureFor(loadConfig({}), true), false);
  assert.equal(cookiesSecureFor(loadConfig({ SIJILL_COOKIE_SECURE: 'false' }), false), false);
  assert.equal(cookiesSecureFor(loadConfig({ SIJILL_COOKIE_SECURE: 'true' }), true), true);
  assert.throws(() => loadConfig({ SIJILL_COOKIE_SECURE: 'yes' }), (e: unknown) => e instanceof ConfigError && e.message.startsWith('SIJILL_COOKIE_SECURE'));
});

test('SIJILL_RESPONSE_CLOCKS sets the hours to answer a complaint and take up a referral; an unknown setting or a bad number is refused by name', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { loadResponseClockRules } = await import('./config.ts');
  assert.equal(loadResponseClockRules({}).complaintAnswerHours, 168);
  const dir = mkdtempSync(join(tmpdir(), 'sijill-response-clocks-'));
  const file = (body: unknown) => {
    const path = join(dir, `${Math.random()}.json`);
    writeFileSync(path, JSON.stringify(body));
    return { SIJILL_RESPONSE_CLOCKS: path };
  };
  const set = loadResponseClockRules(file({ complaintAnswerHours: 240 }));
  assert.equal(set.complaintAnswerHours, 240);
  assert.equal(set.referralEscalationHours, 24);
  assert.throws(() => loadResponseClockRules(file({ answerDays: 7 })), (e: Error) => e instanceof ConfigError && /"answerDays" is not a setting/.test(e.message));
  assert.throws(() => loadResponseClockRules(file({ referralEscalationHours: 0 })), (e: Error) => e instanceof ConfigError && /"referralEscalationHours" must be a whole number/.test(e.message));
  // The repatriation desk's reminder clock is set in days: 30 and 15 more unless the register says otherwise.
  assert.deepEqual([loadResponseClockRules({}).stateAnswerReminderDays, loadResponseClockRules({}).stateAnswerEscalationDays], [30, 15]);
  const desk = loadResponseClockRules(file({ stateAnswerReminderDays: 21, stateAnswerEscalationDays: 7 }));
  assert.deepEqual([desk.stateAnswerReminderDays, desk.stateAnswerEscalationDays, desk.complaintAnswerHours], [21, 7, 168]);
  assert.throws(() => loadResponseClockRules(file({ stateAnswerReminderDays: 2.5 })), (e: Error) => e instanceof ConfigError && /"stateAnswerReminderDays" must be a whole number of days/.test(e.message));
});
