import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends } from './support/backends.ts';
import { aFacility, aPerson, anAdmission } from './support/factories.ts';
import { approvedTransfer, as, atFacility, checkInInput, checkInPerson, closeCount, closeCountInput, dispatchInput, dispatchTransfer, ok } from './support/transfers.ts';
import { execute, type Register } from '../src/commands/execute.ts';
import { registerFacility } from '../src/commands/register-facility.ts';
import { registerPerson } from '../src/commands/register-person.ts';
import { admitPerson } from '../src/commands/admit-person.ts';
import { issueHandoverReceipt } from '../src/commands/issue-handover-receipt.ts';
import { refusePerson } from '../src/commands/refuse-person.ts';
import { signedReceipt } from '../src/queries/handover-receipt.ts';
import { receiptFileText, receiptView, signReceipt, verifyReceipt } from '../src/receipt/receipt-document.ts';
import { openReceiptKey, ReceiptKeyError } from '../src/receipt/receipt-key.ts';
import type { HandoverReceipt } from '../src/domain/handover-receipt.ts';
import { generateEd25519NoteKey, ed25519NoteSigner } from '../src/ledger/signed-note.ts';
import type { Database } from '../src/store/database.ts';
import type { RegisterPerson } from '../src/domain/person.ts';

const sijill = new URL('../bin/sijill.js', import.meta.url).pathname;

/** A receipt as the register issues one (fictional officials and places; valid register numbers). */
function aReceipt(numbers: readonly string[]): HandoverReceipt {
  return {
    receipt_id: randomUUID(),
    transfer_id: randomUUID(),
    released: { official: 'Warden R. Fictional', at: '2026-03-01T03:00:00.000Z', place: 'Fictional Origin Prison (IQ)', escort_authority: 'Fictional escort command', escort_commander: 'Captain F. Fictional' },
    received: { official: 'Warden D. Fictional', at: '2026-03-01T15:00:00.000Z', place: 'Fictional Destination Prison (IQ)' },
    count: { dispatched: numbers.length, received: numbers.length - 1, not_received: 1 },
    received_register_numbers: numbers.slice(1),
    not_received: [{ register_number: numbers[0]!, status: 'unaccounted' }],
    issued_at: '2026-03-01T15:05:00.000Z',
    issued_by: 'officer.destination',
  };
}

describe('signed handover receipts', () => {
  const key = generateEd25519NoteKey('sijill.example/receipts');
  const signer = ed25519NoteSigner(key.signerKey);
  const numbers = [aPerson(), aPerson(), aPerson()].map((p) => p.register_number);

  test('sign → verify: valid, with the key id and the receipt as signed', () => {
    const receipt = aReceipt(numbers);
    const file = receiptFileText(signReceipt(receipt, signer));
    const result = verifyReceipt(file, key.verifierKey);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.document.receipt, receipt);
    assert.equal(result.key_id, key.verifierKey.split('+').slice(0, 2).join('+'));
    // Ed25519 is deterministic: the same receipt is always the same file.
    assert.equal(receiptFileText(signReceipt(receipt, signer)), file);
  });

  test('any byte changed fails verification, and the failure names a field or the file', () => {
    const bytes = Buffer.from(receiptFileText(signReceipt(aReceipt(numbers), signer)), 'utf8');
    const fields = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      for (const flip of [0x01, 0x20]) {
        const tampered = Buffer.from(bytes);
        tampered[i] = tampered[i]! ^ flip;
        const result = verifyReceipt(tampered, key.verifierKey);
        assert.ok(!result.ok, `byte ${i} (${String.fromCharCode(bytes[i]!)}) ^ ${flip} still verifies`);
        assert.ok(result.message.length > 0);
        fields.add(result.field);
      }
    }
    // Failures are told apart: counts, register numbers, the key and the signature each name themselves.
    for (const field of ['', '/signature', '/key_id', '/receipt/count/received', '/receipt/received_register_numbers/0']) assert.ok(fields.has(field), `no failure named ${field}: ${[...fields].join(', ')}`);
  });

  test('a changed official fails on the signature; a count that disagrees with its list names the count', () => {
    const document = signReceipt(aReceipt(numbers), signer);
    const renamed = receiptFileText({ ...document, receipt: { ...document.receipt, received: { ...document.receipt.received, official: 'Warden X. Fictional' } } });
    assert.deepEqual(verifyReceipt(renamed, key.verifierKey), { ok: false, field: '/signature', message: 'the signature does not verify: the receipt’s content was changed after it was signed' });
    const recounted = receiptFileText({ ...document, receipt: { ...document.receipt, count: { ...document.receipt.count, received: 5 } } });
    const failed = verifyReceipt(recounted, key.verifierKey);
    assert.ok(!failed.ok && failed.field === '/receipt/count/received' && /says 5 received, but 2/.test(failed.message), JSON.stringify(failed));
  });

  test('the wrong key fails: another register’s key, and a receipt re-signed by another key under the same name', () => {
    const file = receiptFileText(signReceipt(aReceipt(numbers), signer));
    const other = generateEd25519NoteKey('sijill.example/receipts');
    const wrong = verifyReceipt(file, other.verifierKey);
    assert.ok(!wrong.ok && wrong.field === '/key_id', JSON.stringify(wrong));
    const forged = signReceipt(aReceipt(numbers), ed25519NoteSigner(other.signerKey));
    const claimed = receiptFileText({ ...forged, key_id: signReceipt(aReceipt(numbers), signer).key_id });
    const result = verifyReceipt(claimed, key.verifierKey);
    assert.ok(!result.ok && result.field === '/signature', JSON.stringify(result));
  });

  test('the receipt key is kept like the log key: made with mode 0600, refused when others can read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-receipt-key-'));
    try {
      const settings = { path: join(dir, 'receipt-key'), name: 'sijill.example/receipts' };
      const made = openReceiptKey(settings);
      assert.equal(made.created, true);
      assert.equal(openReceiptKey(settings).verifierKey, made.verifierKey);
      chmodSync(settings.path, 0o644);
      assert.throws(() => openReceiptKey(settings), (e: unknown) => e instanceof ReceiptKeyError && /^the receipt key .* can be read by other users/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('sijill receipt verify exits 0 for a valid receipt and 1 naming the field for a tampered one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sijill-receipt-'));
    try {
      const good = join(dir, 'receipt.json');
      const bad = join(dir, 'tampered.json');
      const text = receiptFileText(signReceipt(aReceipt(numbers), signer));
      writeFileSync(good, text);
      writeFileSync(bad, text.replace('Warden D. Fictional', 'Warden Q. Fictional'));
      writeFileSync(join(dir, 'register.vkey'), `${key.verifierKey}\n`);
      const env = { ...process.env, SIJILL_DATA_DIR: dir };
      const valid = spawnSync(process.execPath, [sijill, 'receipt', 'verify', good, '--key', join(dir, 'register.vkey')], { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(valid.status, 0, valid.stderr);
      assert.equal(JSON.parse(valid.stdout).ok, true);
      const tampered = spawnSync(process.execPath, [sijill, 'receipt', 'verify', bad, '--key', key.verifierKey], { env, encoding: 'utf8', timeout: 120_000 });
      assert.equal(tampered.status, 1);
      assert.match(tampered.stderr, /^FAIL \/signature: the signature does not verify/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

for (const backend of backends) {
  describe(`issuing handover receipts on ${backend.name}`, () => {
    let db: Database;
    let register: Register;
    const origin = aFacility({ name: 'Fictional Origin Prison' });
    const destination = aFacility({ name: 'Fictional Destination Prison' });
    const key = generateEd25519NoteKey('sijill.example/receipts');
    const signer = ed25519NoteSigner(key.signerKey);

    before(async () => {
      db = await backend.open();
      register = { db, clock: () => new Date('2026-03-02T00:00:00Z') };
      ok(await execute(register, registerFacility, origin, as('admin', 'supervisor')), 'origin');
      ok(await execute(register, registerFacility, destination, as('admin', 'supervisor')), 'destination');
    });
    after(() => db.close());

    test('once both sides have confirmed, the receipt lists the count, every register number, both officials, times and places; it is issued once', async () => {
      const people: RegisterPerson[] = [aPerson(), aPerson(), aPerson()];
      for (const p of people) {
        ok(await execute(register, registerPerson, p, as('clerk.one', 'registration_clerk')), 'register');
        ok(await execute(register, admitPerson, anAdmission(p.person_id, origin), as('clerk.one', 'registration_clerk')), 'admit');
      }
      const transfer_id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), people.map((p) => p.person_id));
      const early = await execute(register, issueHandoverReceipt, { transfer_id, receipt_id: randomUUID() }, as('officer.destination'));
      assert.equal(!early.ok && early.rejection.code, 'invalid_transition');
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin')), 'dispatch');
      for (const p of people.slice(0, 2)) ok(await execute(register, checkInPerson, checkInInput(transfer_id, p.person_id, p.register_number, destination.units[0]!.id), as('officer.destination')), 'check in');
      ok(await execute(register, closeCount, closeCountInput(transfer_id), as('officer.destination')), 'count');
      const receipt_id = randomUUID();
      ok(await execute(register, issueHandoverReceipt, { transfer_id, receipt_id }, as('officer.destination')), 'issue');
      const again = await execute(register, issueHandoverReceipt, { transfer_id, receipt_id: randomUUID() }, as('officer.destination'));
      assert.equal(!again.ok && again.rejection.code, 'duplicate');

      const document = (await signedReceipt(db, transfer_id, signer))!;
      const verified = verifyReceipt(receiptFileText(document), key.verifierKey);
      assert.ok(verified.ok, JSON.stringify(verified));
      const r = document.receipt;
      assert.equal(r.receipt_id, receipt_id);
      assert.deepEqual(r.count, { dispatched: 3, received: 2, not_received: 1 });
      assert.deepEqual(r.received_register_numbers, people.slice(0, 2).map((p) => p.register_number));
      assert.deepEqual(r.not_received, [{ register_number: people[2]!.register_number, status: 'unaccounted' }]);
      assert.deepEqual(r.released, { official: 'Warden R. Fictional', at: '2026-03-01T03:00:00.000Z', place: 'Fictional Origin Prison (IQ)', escort_authority: 'Fictional escort command', escort_commander: 'Captain F. Fictional' });
      assert.deepEqual(r.received, { official: 'Warden D. Fictional', at: '2026-03-01T15:00:00.000Z', place: 'Fictional Destination Prison (IQ)' });
      assert.equal(r.issued_by, 'officer.destination');
      // The same receipt, fetched again, is the same file; the print view lists every person once.
      assert.equal(receiptFileText((await signedReceipt(db, transfer_id, signer))!), receiptFileText(document));
      assert.deepEqual(receiptView(document).persons.map((p) => p.outcome), ['received', 'received', 'unaccounted']);
    });

    test('no receipt while someone is still at the gate in a discrepancy: it would state for good what is not settled', async () => {
      const [a, b] = [aPerson(), aPerson()];
      for (const p of [a, b]) {
        ok(await execute(register, registerPerson, p, as('clerk.one', 'registration_clerk')), 'register');
        ok(await execute(register, admitPerson, anAdmission(p.person_id, origin), as('clerk.one', 'registration_clerk')), 'admit');
      }
      const transfer_id = await approvedTransfer(register, atFacility(origin.facility_id), atFacility(destination.facility_id), [a.person_id, b.person_id]);
      ok(await execute(register, dispatchTransfer, dispatchInput(transfer_id), as('officer.origin')), 'dispatch');
      ok(await execute(register, checkInPerson, checkInInput(transfer_id, a.person_id, a.register_number, destination.units[0]!.id), as('officer.destination')), 'check in');
      // b's wristband is scanned as a's number: held in a discrepancy.
      ok(await execute(register, checkInPerson, checkInInput(transfer_id, b.person_id, a.register_number, destination.units[0]!.id), as('officer.destination')), 'discrepancy');
      ok(await execute(register, closeCount, closeCountInput(transfer_id), as('officer.destination')), 'count');
      const pending = await execute(register, issueHandoverReceipt, { transfer_id, receipt_id: randomUUID() }, as('officer.destination'));
      assert.ok(!pending.ok && pending.rejection.code === 'invalid_transition' && pending.rejection.message.includes(b.register_number), JSON.stringify(pending));
      ok(await execute(register, refusePerson, { transfer_id, person_id: b.person_id, reason: 'identity not established', receiving_official: 'Warden D. Fictional', occurred_at: '2026-03-01T19:00:00+03:00' }, as('officer.destination')), 'refuse');
      ok(await execute(register, issueHandoverReceipt, { transfer_id, receipt_id: randomUUID() }, as('officer.destination')), 'issue');
      const r = (await signedReceipt(db, transfer_id, signer))!.receipt;
      assert.deepEqual(r.not_received, [{ register_number: b.register_number, status: 'returned' }]);
    });
  });
}
