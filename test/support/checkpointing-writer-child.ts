// A writer for the log crash drill: intake batches through the write path while the
// checkpointer signs every few milliseconds, announcing commits and checkpoints, until it is
// killed. Uses the ordinary configuration (DATABASE_URL or SIJILL_DATA_DIR, SIJILL_LOG_*).
import { randomUUID } from 'node:crypto';
import { execute } from '../../src/commands/execute.ts';
import { intakeBatch } from '../../src/commands/intake-batch.ts';
import { registerFacility } from '../../src/commands/register-facility.ts';
import { demoPlan } from '../../src/demo/demo-data.ts';
import { openRegister } from '../../src/cli/open-register.ts';
import { loadConfig } from '../../src/config.ts';
import { startCheckpointer } from '../../src/transparency/checkpointer.ts';
import { openLogKey } from '../../src/transparency/log-key.ts';

const config = loadConfig();
const register = await openRegister(config);
const key = openLogKey(config.logKeyFile, config.logKeyName);
const stop = startCheckpointer(register.db, key, 10, {
  origin: config.logOrigin,
  onSigned: (c) => process.stdout.write(`signed ${c.size}\n`),
  onError: (e) => process.stderr.write(`checkpointer: ${(e as Error).message}\n`),
});
const plan = demoPlan(4000, Number(process.env.SEED ?? 11), undefined, { courts: false });
const ctx = () => ({ actor: 'crash.drill', role: 'supervisor' as const, idempotencyKey: randomUUID() });
for (const facility of plan.facilities) await execute(register, registerFacility, facility, ctx());
const rows = plan.batches.flat();
for (let i = 0; i < rows.length; i += 50) {
  const batch = rows.slice(i, i + 50);
  const outcome = await execute(register, intakeBatch, { rows: batch }, ctx());
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  process.stdout.write(`committed ${batch.length}\n`);
  // PGlite answers in-process without I/O, so a tight loop of commands never lets timers run;
  // a server turns its event loop between requests, and so does this writer.
  await new Promise((resolve) => setImmediate(resolve));
}
process.stdout.write('finished\n');
await stop();
await register.db.close();
