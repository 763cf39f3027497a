/**
 * The admission form as a clerk walks it (issue 13), in headless Chromium at 1366×768, in Arabic,
 * on PGlite with the demo register — once with scripts on and once with them off:
 * - the height of each step as it opens (document scroll height, CSS pixels), against one laptop
 *   screen;
 * - the form submissions a clerk makes to register a person and admit them, once without a
 *   mistake and once with one (a required field left empty on the first step), counted from the
 *   POSTs the browser sends as page loads (the duplicate check's background requests while the
 *   name is typed are not submissions). With scripts the steps are shown and checked in the page
 *   and only the admission is sent; without them each step is a round trip.
 *
 * `measureAdmissionForm()` measures, `admissionFormMarkdown()` writes the section for
 * docs/BENCHMARKS.md. Run alone: `node --import tsx bench/admission-form-bench.ts`.
 */
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** What one walk of the forms measured, with scripts on or off. */
export interface AdmissionFormWalk {
  /** Each step's height in CSS pixels as it opens, in the order of the steps. */
  readonly heights: readonly { readonly step: AdmissionStep; readonly px: number }[];
  /** Submissions to register one person and admit them, without a mistake and with one. */
  readonly submissions: { readonly register: number; readonly admitClean: number; readonly admitOneMistake: number };
}

export interface AdmissionFormFigures {
  readonly chromium: string;
  readonly withScripts: AdmissionFormWalk;
  readonly withoutScripts: AdmissionFormWalk;
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

/** Register two persons and admit them, the second with a mistake on the first step, counting the POSTs the browser sends as page loads. */
async function walk(browser: Browser, base: string, unitId: string, scripts: boolean): Promise<AdmissionFormWalk> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, javaScriptEnabled: scripts });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('[name="username"]', 'bench.clerk');
    await page.fill('[name="password"]', 'sijill-bench-pass');
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.click('form[action="/login"] button[type="submit"]')]);
    let posts = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.isNavigationRequest()) posts++;
    });
    // The step shown: with scripts the others are in the page, hidden; without, only this one is.
    const onStep = (step: AdmissionStep) => page.waitForSelector(`form.admit section.admit-step[data-step="${step}"]:not([hidden])`);
    const next = () => page.click('form.admit .actions button[name="_go"]:not(.secondary)');
    const heights: { step: AdmissionStep; px: number }[] = [];
    const admitted: number[] = [];
    const register: number[] = [];
    const names = scripts ? ['Zuhair Qandilawi', 'Yahya Marzouqiyan'] : ['Nizar Batoutiyan', 'Hamdi Sarrajoqli'];
    for (const [i, mistake] of [false, true].entries()) {
      // Register a person with names of their own (no duplicate question in the way).
      posts = 0;
      await page.goto(`${base}/persons/new`);
      await page.fill('[name="/names/1/full"]', names[i]!);
      await page.check('[name="/sex"][value="male"]');
      await page.fill('[name="/dob/year"]', '1990');
      await Promise.all([page.waitForURL(/registered=1$/), page.click('button[name="_action"][value="register"]')]);
      register.push(posts);
      const personId = new URL(page.url()).pathname.split('/')[2]!;
      posts = 0;
      await page.goto(`${base}/persons/${personId}/admit`);
      for (const { id: step } of admissionSteps) {
        await onStep(step);
        if (!mistake) heights.push({ step, px: await page.evaluate<number>('document.documentElement.scrollHeight') });
        if (!mistake && process.env.SIJILL_BENCH_SHOTS) await page.screenshot({ path: `${process.env.SIJILL_BENCH_SHOTS}/admit-${step}${scripts ? '' : '-noscript'}.png`, fullPage: true });
        if (step === 'review') {
          await Promise.all([page.waitForURL(/admitted=1$/), page.click('form.admit button[name="_go"][value="admit"]')]);
          break;
        }
        await fillStep(page, step, unitId, !(mistake && step === 'placement'));
        await next();
        if (mistake && step === 'placement') {
          // Stopped with the reference missing (in the page, or sent back): corrected, sent on.
          await page.waitForSelector('#f-basis-reference-error');
          await page.fill('[name="/basis/reference"]', 'CO-FICT-2026-2');
          await next();
        }
      }
      admitted.push(posts);
    }
    return { heights, submissions: { register: register[0]!, admitClean: admitted[0]!, admitOneMistake: admitted[1]! } };
  } finally {
    await context.close();
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
    const withScripts = await walk(browser, base, unitId, true);
    const withoutScripts = await walk(browser, base, unitId, false);
    return { chromium: browser.version(), withScripts, withoutScripts };
  } finally {
    await browser.close();
    await app.close();
    await db.close();
  }
}

export function admissionFormMarkdown(f: AdmissionFormFigures): string {
  const px = (n: number) => (n <= screenHeight ? `**${n} px**` : `${n} px (over ${screenHeight})`);
  const row = (label: string, w: AdmissionFormWalk) => {
    const { register, admitClean, admitOneMistake } = w.submissions;
    return `| ${label} | ${register} | ${admitClean} | **${register + admitClean}** | ${admitOneMistake} | **${register + admitOneMistake}** |`;
  };
  return [
    '### Admission form in steps',
    '',
    `Chromium ${f.chromium} headless at 1366×768, in Arabic; demo register on PGlite; the same walk with scripts on and off. Each step's height as it opens (goal: under one laptop screen, ${screenHeight} px):`,
    '',
    '| step | with scripts | without scripts |',
    '| --- | --- | --- |',
    ...f.withScripts.heights.map((h, i) => `| ${i + 1}. ${h.step} | ${px(h.px)} | ${px(f.withoutScripts.heights[i]?.px ?? Number.NaN)} |`),
    '',
    'Form submissions (page loads sent by POST) to register a person and admit them; the mistake is a required field of the first step left empty (goal of issue 13: 2 with one mistake):',
    '',
    '| | register | admit | together | admit, one mistake | together, one mistake |',
    '| --- | --- | --- | --- | --- | --- |',
    row('with scripts', f.withScripts),
    row('without scripts', f.withoutScripts),
    '',
    `With scripts the ${admissionSteps.length} steps are one page: the browser shows them in turn and checks each before the next with the server's checks and messages, so a mistake it can see costs no submission, and only the review's button sends the admission (the server checks it all again; what only it can find comes back at its control with every answer kept). Without scripts each step is a round trip of its own (${admissionSteps.length - 1} steps and the review's button), and nothing is written before the review's button.`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(admissionFormMarkdown(await measureAdmissionForm()));
}
