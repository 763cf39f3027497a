/**
 * Arabic all the way: on the main pages of the demo register read in Arabic, by every demo
 * account whose role has pages, no Latin-script word shows except what is legitimately Latin —
 * a person's names as recorded, register numbers, document numbers and the references of
 * orders, cases, admissions and repatriation requests. The allow-list is read from the database (what the register
 * holds), never from what a page shows; the visible text is the page without its tags,
 * scripts, styles and attribute values.
 *
 * A small demo (300 persons) seeded as `sijill serve --demo` seeds it, with the demo accounts,
 * one duplicate question (a demo person registered again, with a reason), one roll call
 * counted and reconciled, and one request for an account, so that every page has something to show.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { logInByForm } from './support/web-session.ts';
import { cheap, clientFor, login, password } from './support/api-client.ts';
import { openPglite } from '../src/store/pglite-database.ts';
import { migrate } from '../src/store/migrate.ts';
import { buildApp } from '../src/app.ts';
import { createAccount, wholeRegister } from '../src/api/accounts.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { demoAccounts } from '../src/demo/demo-accounts.ts';
import { IdentityIndex } from '../src/queries/identity-index.ts';
import { iso3166 } from '../src/domain/values.ts';
import type { Database } from '../src/store/database.ts';

/** A word: letters, digits and the marks names and references are written with. */
const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’\-/._]*/gu;
const latin = /\p{Script=Latin}/u;
/** The Latin-script words of a text, as they are compared (case folded, trailing dots off). */
const latinWords = (text: string): string[] => (text.match(wordPattern) ?? []).filter((w) => latin.test(w)).map((w) => w.replace(/[._]+$/, '').toLowerCase());

/** A code or reference: a word with a digit in it (SHA-256, CO-2026-00012); no name is written with digits. */
const isCode = (word: string) => /\p{N}/u.test(word);

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/**
 * What an Arabic reader sees of a page as Arabic text: no scripts, styles, comments, tags or
 * attribute values; entities read. An element the page marks as written in another language
 * (`lang="en"`: the language switch names each language in its own words) is not Arabic text.
 */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(\w+)\b[^>]*\slang="(?!ar")[^"]*"[^>]*>[^<]*<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
      name[0] === '#' ? String.fromCodePoint(name[1]!.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1))) : (entities[name.toLowerCase()] ?? whole),
    );
}

/**
 * The registration form's language and document-country inputs still take ISO codes, and their
 * hints name the codes to type (ar, IQ): those hints are left out here until the inputs are
 * pickers of names, as the nationality's is (its hint is read like any other text).
 */
const withoutCodeInputs = (html: string) => html.replace(/<p class="hint" id="f-(nationalities|languages|documents-0-issuing_country)-hint">[^<]*<\/p>/g, ' ');

/**
 * A list of choices offered as the clerk types (a datalist: the states, named in the page's
 * language) is read apart: each choice may carry only its ISO 3166 code beside the name (a
 * code of the register's reference list), nothing else in Latin letters. The list is then left
 * out of the page's text. Returns the page without its lists and what in them is not a code.
 */
function withoutChoiceLists(html: string): { html: string; notCodes: string[] } {
  const notCodes: string[] = [];
  const rest = html.replace(/<datalist\b[^>]*>([\s\S]*?)<\/datalist>/gi, (_whole, options: string) => {
    for (const [, value, text] of options.matchAll(/<option\b[^>]*?value="([^"]*)"[^>]*>([^<]*)<\/option>/gi)) {
      for (const word of latinWords(value ?? '')) notCodes.push(word);
      const code = (text ?? '').trim();
      if (code !== '' && !iso3166.has(code)) notCodes.push(code);
    }
    return ' ';
  });
  return { html: rest, notCodes };
}

describe('Arabic pages of the demo register', () => {
  let db: Database;
  let app: FastifyInstance;
  /** Latin words the register holds as names, numbers and references. */
  const allowed = new Set<string>();
  const pages: { url: string; reason: string }[] = [];

  before(async () => {
    db = await openPglite();
    await migrate(db);
    await seedDemo({ db }, 300);
    for (const a of demoAccounts) await createAccount(db, { username: a.username, displayName: a.displayName, role: a.role, password, scope: wholeRegister, ...(a.liaisonState ? { liaisonState: a.liaisonState } : {}) }, { cost: cheap });
    const identity = await IdentityIndex.build(db);
    app = buildApp({ db, register: { db, identity }, demo: true, passwordCost: cheap });
    await app.ready();

    // One duplicate question: a demo person registered again from a second list, with the reason asked for.
    const { rows: twins } = await db.query<{ id: string; sex: string; gender: string; dob: unknown; nationalities: string[] }>(
      "SELECT id, sex, gender, dob, nationalities FROM person WHERE custody_status = 'in_custody' ORDER BY register_number LIMIT 1",
    );
    const twin = twins[0]!;
    const { rows: twinNames } = await db.query<{ script: string; full_name: string; parts: object }>('SELECT script, full_name, parts FROM name_record WHERE person_id = $1', [twin.id]);
    const clerk = clientFor(app, await login(app, 'clerk'));
    const again = await clerk('POST', '/api/persons', {
      body: {
        names: twinNames.map((n) => ({ id: randomUUID(), script: n.script, full: n.full_name, parts: n.parts, source: 'handover_list', confidence: 0.6 })),
        sex: twin.sex, gender: twin.gender, dob: twin.dob, nationalities: twin.nationalities, languages: ['ar'], documents: [], biometric_refs: [],
        duplicate_reason: 'قائمة تسليم ثانية من الجهة المرسلة، لم يُتحقق بعد من أنه الشخص نفسه',
      },
    });
    assert.equal(again.statusCode, 201, again.body);
    assert.ok((await db.query("SELECT 1 FROM duplicate_review WHERE status = 'open'")).rows.length > 0, 'a duplicate question is open');

    // One roll call of the prison's first unit: one person counted, one from elsewhere, reconciled.
    const officer = clientFor(app, await login(app, 'officer'));
    const { rows: units } = await db.query<{ facility_id: string; unit_id: string }>(
      "SELECT p.facility_id, p.unit_id FROM person p JOIN facility f ON f.id = p.facility_id WHERE f.kind = 'prison' AND p.custody_status = 'in_custody' GROUP BY 1, 2 ORDER BY count(*) LIMIT 1",
    );
    const opened = await officer('POST', '/api/roll-calls', { body: { facility_id: units[0]!.facility_id, unit_id: units[0]!.unit_id } });
    assert.equal(opened.statusCode, 201, opened.body);
    const rollCall = opened.json().roll_call_id as string;
    const { rows: counted } = await db.query<{ register_number: string }>(
      `(SELECT register_number FROM person WHERE unit_id = $1 ORDER BY register_number LIMIT 1)
       UNION ALL (SELECT register_number FROM person WHERE unit_id <> $1 AND custody_status = 'in_custody' ORDER BY register_number LIMIT 1)`,
      [units[0]!.unit_id],
    );
    assert.equal((await officer('POST', `/api/roll-calls/${rollCall}/counts`, { body: { register_numbers: counted.map((c) => c.register_number) } })).statusCode, 201);
    assert.equal((await officer('POST', `/api/roll-calls/${rollCall}/reconciliation`, { body: {} })).statusCode, 201);

    // One request about an account, awaiting a second administrator.
    const admin = clientFor(app, await login(app, 'admin'));
    assert.equal((await admin('POST', '/api/accounts', { body: { username: 'officer.new', display_name: 'ضابط جديد (وهمي)', role: 'facility_officer', scope: { all: true } } })).statusCode, 202);

    // A liaison officer's read of its nationals: a sharing on the record of sharings.
    assert.equal((await clientFor(app, await login(app, 'liaison-fra'))('GET', '/api/nationals')).statusCode, 200);

    // What is legitimately Latin: the names the register holds, its numbers and references (and usernames, which are codes).
    const texts = await db.query<{ text: string }>(`
      SELECT full_name AS text FROM name_record
      UNION ALL SELECT register_number FROM person
      UNION ALL SELECT number FROM person_document
      UNION ALL SELECT basis->>'reference' FROM admission
      UNION ALL SELECT items->'health_record'->>'reference' FROM admission
      UNION ALL SELECT reference FROM court_case
      UNION ALL SELECT reference FROM court_order WHERE reference IS NOT NULL
      UNION ALL SELECT jsonb_path_query_first(convert_from(bytes, 'UTF8')::jsonb, 'strict $.**.receipt_reference')#>>'{}' FROM event WHERE kind = 'person.handed_over'
      UNION ALL SELECT username FROM account UNION ALL SELECT username FROM account_request
      UNION ALL SELECT jsonb_path_query(record, 'strict $.**.reference')#>>'{}' FROM repatriation_case
      UNION ALL SELECT jsonb_path_query(record, 'strict $.**.receipt_reference')#>>'{}' FROM repatriation_case`);
    for (const { text } of texts.rows) for (const word of latinWords(text ?? '')) allowed.add(word);

    // The pages, with what to show on each.
    const one = async (sql: string) => (await db.query<{ v: string }>(sql)).rows[0]?.v;
    const person = await one(`SELECT p.id AS v FROM person p JOIN admission a ON a.person_id = p.id
                                WHERE p.custody_status = 'in_custody' AND a.items ? 'family' AND a.items->'family' ? 'members' AND a.items->'emergency_contact' ? 'relation'
                                ORDER BY p.register_number LIMIT 1`);
    const handedOver = await one("SELECT id AS v FROM person WHERE custody_status <> 'in_custody' ORDER BY register_number LIMIT 1");
    const untried = await one("SELECT person_id AS v FROM court_case ORDER BY reference LIMIT 1");
    const courtCase = await one('SELECT id AS v FROM court_case ORDER BY reference LIMIT 1');
    const court = await one('SELECT court AS v FROM court_case LIMIT 1');
    const transfer = await one("SELECT id AS v FROM transfer ORDER BY created_at LIMIT 1");
    // Repatriation cases of France: a return with its contacts after it, and a family group's parent.
    const returned = await one("SELECT id AS v FROM repatriation_case WHERE state = 'FR' AND status = 'returned' LIMIT 1");
    const parent = await one("SELECT id AS v FROM repatriation_case WHERE record->'family'->>'role' = 'parent' LIMIT 1");
    const today = new Date().toISOString().slice(0, 10);
    for (const [url, reason] of [
      ['/dashboard', 'the dashboard'],
      ['/lawful-detention', 'the clocks due or breached'],
      [`/search?q=${encodeURIComponent('الجبوري')}`, 'a search with results'],
      [`/persons/${person}`, 'a person’s record, with family and an emergency contact'],
      [`/persons/${handedOver}`, 'the record of someone who left custody'],
      [`/persons/${untried}`, 'the record of someone before the courts'],
      ['/persons/new', 'the registration form'],
      [`/persons/${person}/admit`, 'the admission form'],
      [`/persons/${person}/custody-life`, 'classification and discipline, with their forms'],
      ['/transfers', 'the transfers'],
      [`/transfers/${transfer}`, 'a transfer'],
      ['/roll-calls', 'the roll calls'],
      [`/roll-calls/${rollCall}`, 'a roll call'],
      ['/courts', 'the courts'],
      [`/courts/${encodeURIComponent(court!)}/docket?date=${today}`, 'a court’s docket'],
      [`/cases/${courtCase}`, 'a case'],
      [`/cases/${courtCase}/orders/new`, 'the order form'],
      [`/persons/${untried}/cases/new`, 'the form opening a case'],
      ['/reviews', 'the duplicate questions'],
      ['/accounts', 'the accounts'],
      ['/accounts/new', 'the form asking for an account'],
      ['/accounts/clerk', 'an account, with its forms'],
      ['/account-requests', 'the requests about accounts, one waiting'],
      ['/repatriations', 'the repatriation cases'],
      ['/repatriations/states', 'the states desk'],
      [`/repatriations/${returned}`, 'a return, with its contacts after it'],
      [`/repatriations/${parent}`, 'a parent’s case, with the family group'],
      ['/nationals', 'a liaison officer’s nationals'],
      ['/sharing-records', 'the record of sharing with states'],
    ] as const) pages.push({ url, reason });
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  for (const account of demoAccounts) {
    test(`${account.username}: no Latin word on an Arabic page but names, numbers and references`, async () => {
      const { cookie } = await logInByForm(app, account.username);
      const leaks: string[] = [];
      let shown = 0;
      for (const { url, reason } of pages) {
        const res = await app.inject({ method: 'GET', url, headers: { cookie: `${cookie}; sijill_lang=ar` } });
        // A liaison reads only its own state's repatriation cases: another's is not found.
        if (res.statusCode === 403 || (res.statusCode === 404 && account.role === 'liaison' && url.startsWith('/repatriations/'))) continue;
        assert.equal(res.statusCode, 200, `${reason} (${url}): ${res.body.slice(0, 300)}`);
        shown++;
        const { html, notCodes } = withoutChoiceLists(withoutCodeInputs(res.body));
        const words = [...new Set([...latinWords(visibleText(html)).filter((w) => !allowed.has(w) && !isCode(w)), ...notCodes])];
        if (words.length) leaks.push(`${reason} (${url}): ${words.join(' ')}`);
      }
      assert.ok(shown > 0, 'the account has pages');
      assert.deepEqual(leaks, []);
    });
  }

  test('relations, property, whereabouts, nationality and the officials on a record, in the reader’s language', async () => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT p.id FROM person p JOIN admission a ON a.person_id = p.id
        WHERE p.nationalities = '{IQ}' AND a.items->'family'->'members'->0->>'relation' = 'mother' AND a.items->'emergency_contact'->>'relation' = 'brother'
        ORDER BY p.register_number LIMIT 1`,
    );
    assert.ok(rows[0], 'a demo person from Iraq with a mother and a brother recorded');
    const { cookie } = await logInByForm(app, 'clerk');
    const record = async (lang: string) =>
      visibleText((await app.inject({ method: 'GET', url: `/persons/${rows[0]!.id}`, headers: { cookie: `${cookie}; sijill_lang=${lang}` } })).body).replace(/[\u2066-\u2069]/g, '');
    const arabic = await record('ar');
    for (const words of ['(الأم)', '(الأخ)', 'ملابس × ١', 'مكانه مجهول', 'العراق', 'العربية', 'ناصر حميد الدليمي']) assert.ok(arabic.includes(words), `“${words}” on the Arabic record`);
    const english = await record('en');
    for (const words of ['(mother)', '(brother)', 'clothing × 1', 'whereabouts unknown', 'Iraq', 'Arabic', 'ناصر حميد الدليمي']) assert.ok(english.includes(words), `“${words}” on the English record`);
  });

  test('every page was read by some account', async () => {
    for (const { url, reason } of pages) {
      let read = false;
      for (const account of demoAccounts) {
        const { cookie } = await logInByForm(app, account.username);
        const res = await app.inject({ method: 'GET', url, headers: { cookie: `${cookie}; sijill_lang=ar` } });
        if (res.statusCode === 200) {
          read = true;
          break;
        }
      }
      assert.ok(read, reason);
    }
  });
});
