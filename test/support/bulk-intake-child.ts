// A writer for the crash drill: intake batches through the write path, announcing each commit,
// until it is killed. Uses the ordinary configuration (DATABASE_URL or SIJILL_DATA_DIR).
import { randomUUID } from 'node:crypto';
import { execute } from '../../src/commands/execute.ts';
import { intakeBatch } from '../../src/commands/intake-batch.ts';
import { registerFacility } from '../../src/commands/register-facility.ts';
import { demoPlan } from '../../src/demo/demo-data.ts';
import { openRegister } from '../../src/cli/open-register.ts';

const register = await openRegister();
const plan = demoPlan(4000, Number(process.env.SEED ?? 7), undefined, { courts: false });
const ctx = () => ({ actor: 'crash.drill', role: 'supervisor' as const, idempotencyKey: randomUUID() });
for (const facility of plan.facilities) await execute(register, registerFacility, facility, ctx());
for (const batch of plan.batches.map((b) => b.slice(0, 100))) {
  const outcome = await execute(register, intakeBatch, { rows: batch }, ctx());
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  process.stdout.write(`committed ${batch.length}\n`);
}
process.stdout.write('finished\n');
await register.db.close();
