/**
 * The admission form as a clerk walks it (issue 13), in headless Chromium at 1366×768 with
 * scripts on, in Arabic, on PGlite with the demo register:
 * - the height of each step's page as it opens (document scroll height, CSS pixels), against
 *   one laptop screen;
 * - the form submissions (round trips) a clerk makes to register a person and admit them, once
 *   without a mistake and once with one (a required field left empty on the first step), counted
 *   from the POSTs the browser sends.
 *
 * `admissionFormBench()` returns the section for docs/BENCHMARKS.md. Run alone:
 * `node --import tsx bench/admission-form-bench.ts`.
 */
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { chromiumArgs, chromiumPath } from '../src/web/pdf.ts';
import { admissionSteps, type AdmissionStep } from '../src/web/pages/admit.tsx';

/** One laptop screen at 1366×768, less the browser's own bars: what a step should fit in. */
export const screenHeight = 900;

export interface AdmissionFormFigures {
  readonly chromium: string;
  /** Each step's page height in CSS pixels, in the order of the steps. */
  readonly heights: readonly { readonly step: AdmissionStep; readonly px: number }[];
  /** Submissions to register one person and admit them, without a mistake and with one. */
  readonly submissions: { readonly register: number; readonly admitClean: number; readonly admitOneMistake: number };
}

/** Fill a step of the admission form as a clerk would (names and numbers fictional). */
async function fillStep(page: Page, step: AdmissionStep, unitId: string, withReference: boolean): Promise<void> {
  const fill = (name: string, value: string) => page.fill(`[name="${name}"]`, value);
  if (step === 'placement') {
    await page.selectOption('[name="/unit_id"]', unitId);
    if (withReference) await fill('/basis/reference', 'CO-FICT-2026-1');
    await fill('/basis/issuing_authority', 'محكمة تحقيق وهمية');
    await fill('/basis/issued_on', '٠١/٠١/٢٠٢٦');
    if (await page.locator('[name="/duplicate_reason"]').count()) await fill('/duplicate_reason', 'أُحضر الليلة');
  } else if (step === 'arrest') {
    await fill('/items/first_deprivation/at', '٣١/١٢/٢٠٢٥ ٠٩:٠٠');
    await fill('/items/first_deprivation/place', 'نقطة تفتيش وهمية');
    await fill('/items/first_deprivation/authority', 'حرس الحدود');
    await fill('/items/ordering_authority/authority', 'محكمة تحقيق وهمية');
    await fill('/items/ordering_authority/law', 'قانون أصول المحاكمات الجزائية');
    await fill('/items/ordering_authority/article', '109');
    await fill('/items/supervising_authority/authority', 'الادعاء العام');
  } else if (step === 'care') {
    await fill('/items/property/items', 'ساعة');
    await fill('/items/property/witnessed_by', 'ضابط وهمي');
    await fill('/items/health_record/reference', 'HR-FICT-1');
  } else if (step === 'people') {
    await page.check('[name="/items/family/state"][value="unknown"]');
    await fill('/items/family/unknown_reason', 'لم يُسأل بعد');
    await fill('/items/emergency_contact/name', 'حميد');
    await fill('/items/emergency_contact/contact', '0770 000 0000');
    await fill('/items/officials/admitting', 'ضابط وهمي');
  }
}

export async function measureAdmissionForm(): Promise<AdmissionFormFigures> {
  const db = await openPglite();
  await migrate(db);
  await seedDemo({ db }, 200);
  await createAccount(db, { scope: wholeRegister, username: 'bench.clerk', displayName: 'Bench clerk', role: 'registration_clerk', password: 'sijill-bench-pass' });
  const unitId = (await db.query<{ id: string }>("SELECT u.id FROM facility_unit u JOIN facility f ON f.id = u.facility_id WHERE u.category = 'men_untried' ORDER BY f.name, u.name LIMIT 1")).rows[0]!.id;
  const app = buildApp({ db, register: { db, identity: await IdentityIndex.build(db) }, demo: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', 'bench.clerk');
    await page.fill('[name="password"]', 'sijill-bench-pass');
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('form[action="/login"] button[type="submit"]')]);
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.isNavigationRequest()) posts++;
    });
    const heights: { step: AdmissionStep; px: number }[] = [];
    const admitted: number[] = [];
    const register: number[] = [];
    for (const [i, mistake] of [false, true].entries()) {
      // Register a person with names of their own (no duplicate question in the way).
      posts = 0;
      await page.goto(`${base}/persons/new`);
      await page.fill('[name="/names/1/full"]', ['Zuhair Qandilawi', 'Yahya Marzouqiyan'][i]!);
      await page.check('[name="/sex"][value="male"]');
      await page.fill('[name="/dob/year"]', '1990');
      await Promise.all([page.waitForLoadState('load'), page.click('button[name="_action"][value="register"]')]);
      if (!/registered=1$/.test(page.url())) throw new Error(`registration refused: ${await page.textContent('.error-summary, main')}`);
      register.push(posts);
      const personId = new URL(page.url()).pathname.split('/')[2]!;
      posts = 0;
      await page.goto(`${base}/persons/${personId}/admit`);
      for (const { id: step } of admissionSteps) {
        await page.waitForSelector(`form.admit input[name="_step"][value="${step}"]`, { state: 'attached' });
        if (!mistake) heights.push({ step, px: await page.evaluate<number>('document.documentElement.scrollHeight') });
        if (!mistake && process.env.SIJILL_BENCH_SHOTS) await page.screenshot({ path: `${process.env.SIJILL_BENCH_SHOTS}/admit-${step}.png`, fullPage: true });
        if (step === 'review') {
          await Promise.all([page.waitForURL(/admitted=1$/), page.click('form.admit button[name="_go"][value="admit"]')]);
          break;
        }
        await fillStep(page, step, unitId, !(mistake && step === 'placement'));
        await Promise.all([page.waitForLoadState('load'), page.click('form.admit .actions button[type="submit"]:not(.secondary)')]);
        if (mistake && step === 'placement') {
          // Sent back with the reference missing: corrected, sent again.
          await page.waitForSelector('#f-basis-reference-error');
          await page.fill('[name="/basis/reference"]', 'CO-FICT-2026-2');
          await Promise.all([page.waitForLoadState('load'), page.click('form.admit .actions button[type="submit"]:not(.secondary)')]);
        }
      }
      admitted.push(posts);
    }
    return { chromium: browser.version(), heights, submissions: { register: register[0]!, admitClean: admitted[0]!, admitOneMistake: admitted[1]! } };
  } finally {
    await browser.close();
    await app.close();
    await db.close();
  }
}

export function admissionFormMarkdown(f: AdmissionFormFigures): string {
  const { register, admitClean, admitOneMistake } = f.submissions;
  return [
    '### Admission form in steps',
    '',
    `Chromium ${f.chromium} headless at 1366×768, scripts on, in Arabic; demo register on PGlite. Each step's page height as it opens (goal: under one laptop screen, ${screenHeight} px):`,
    '',
    '| step | height |',
    '| --- | --- |',
    ...f.heights.map((h, i) => `| ${i + 1}. ${h.step} | ${h.px <= screenHeight ? `**${h.px} px**` : `${h.px} px (over ${screenHeight})`} |`),
    '',
    `Form submissions to register a person and admit them: **${register + admitClean}** without a mistake (${register} to register, ${admitClean} to admit: ${admissionSteps.length - 1} steps and the review's button), **${register + admitOneMistake}** with one mistake on the first step. Issue 13 set a goal of 2 submissions when the admission was one page of about 3,500 px; each step is now a round trip of its own (no script needed), and nothing is written before the review's button.`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(admissionFormMarkdown(await measureAdmissionForm()));
}
