/**
 * `sijill receipt …`: the register's receipt key (printed for publication), issuing and
 * writing a transfer's signed handover receipt, and verifying a receipt file offline — what a
 * receiving state runs with the register's verifier key. `verify` exits 0 for a valid receipt
 * and 1 with the failing field and why for anything else.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { execute } from '../commands/execute.ts';
import { issueHandoverReceipt } from '../commands/issue-handover-receipt.ts';
import { signedReceipt } from '../queries/handover-receipt.ts';
import { receiptFileText, verifyReceipt } from '../receipt/receipt-document.ts';
import { openReceiptKey, readReceiptKey, receiptKeySettings } from '../receipt/receipt-key.ts';
import { openRegister } from './open-register.ts';
import { accountRole } from './transfer.ts';

const print = (value: unknown) => console.log(JSON.stringify(value));

export function addReceiptCommand(program: Command): void {
  const receipt = program.command('receipt').description('signed handover receipts');

  receipt
    .command('key')
    .description("the register's receipt verifier key, to publish for receiving states (creates the key on first use)")
    .option('--raw', 'print the verifier key alone')
    .action((options: { raw?: boolean }) => {
      const key = openReceiptKey(receiptKeySettings(loadConfig()));
      if (options.raw) console.log(key.verifierKey);
      else print({ name: key.name, key: key.verifierKey, created: key.created });
    });

  receipt
    .command('issue')
    .description("issue a transfer's handover receipt (once its count is closed) and write the signed file")
    .argument('<transfer-id>', 'the transfer')
    .requiredOption('--as <username>', 'the account the receipt is issued under (when not issued yet)')
    .requiredOption('--out <file>', 'where to write the signed receipt')
    .action(async (transferId: string, options: { as: string; out: string }) => {
      // The register first: on a folder that holds none, nothing (not even a key) is created.
      const register = await openRegister(undefined, { create: false });
      try {
        const key = openReceiptKey(receiptKeySettings(loadConfig()));
        let document = await signedReceipt(register.db, transferId, key.signer);
        if (!document) {
          const role = await accountRole(register.db, options.as);
          const outcome = await execute(register, issueHandoverReceipt, { transfer_id: transferId, receipt_id: randomUUID() }, { actor: options.as, role, idempotencyKey: randomUUID() });
          if (!outcome.ok) throw new Error(`refused (${outcome.rejection.code}): ${outcome.rejection.message}`);
          document = (await signedReceipt(register.db, transferId, key.signer))!;
        }
        writeFileSync(options.out, receiptFileText(document));
        print({ receipt_id: document.receipt.receipt_id, transfer_id: transferId, count: document.receipt.count, key_id: document.key_id, file: options.out });
      } finally {
        await register.db.close();
      }
    });

  receipt
    .command('verify')
    .description('verify a handover receipt file against the register’s verifier key; exit 0 when valid, 1 with the failing field when not')
    .argument('<file>', 'the receipt file')
    .option('--key <vkey>', "the register's receipt verifier key, or a file holding it (default: this register's own key)")
    .action((file: string, options: { key?: string }) => {
      let verifierKey = options.key && existsSync(options.key) ? readFileSync(options.key, 'utf8').trim() : options.key?.trim();
      if (!verifierKey) {
        const own = readReceiptKey(receiptKeySettings(loadConfig()));
        if (!own) throw new Error('give --key: the verifier key of the register that issued the receipt (sijill receipt key on that register, or GET /api/receipts/key)');
        verifierKey = own.verifierKey;
      }
      const result = verifyReceipt(readFileSync(file), verifierKey);
      if (!result.ok) {
        console.error(`FAIL ${result.field || '(file)'}: ${result.message}`);
        print({ ok: false, field: result.field, message: result.message });
        process.exitCode = 1;
        return;
      }
      const r = result.document.receipt;
      print({ ok: true, receipt_id: r.receipt_id, transfer_id: r.transfer_id, count: r.count, released: r.released, received: r.received, key_id: result.key_id });
    });
}
