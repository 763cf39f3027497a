/**
 * What a command says when the embedded register is held by another process: who holds it
 * (pid, command, since when, where it serves), why it may not be opened twice, and what to do
 * instead — stop the holder, or ask the running server for the same answer over HTTP.
 */
import { hostname } from 'node:os';
import { commandOfThisProcess, describeHolder, type DataFolderBusy } from '../store/data-folder-lock.ts';

/** The same answer from a running server, per command (`<url>` is where it serves). */
const overHttp: Readonly<Record<string, string>> = {
  'sijill rollcall report': 'GET <url>/api/roll-calls/report?facility_id=<id> (permission rollcall.read), or the roll-call report page',
  'sijill log checkpoint': 'GET <url>/log/checkpoint (the server signs a checkpoint every few seconds while the log grows)',
  'sijill log root': 'GET <url>/log/checkpoint (the signed root of the whole log)',
  'sijill log inclusion': 'GET <url>/log/proof/inclusion?index=<i>&size=<n>',
  'sijill log consistency': 'GET <url>/log/proof/consistency?from=<m>&to=<n>',
  'sijill log verify': 'sijill monitor <url>/log --state <dir> --key "$(sijill log key --raw)" verifies the running log from outside',
  'sijill transfer import': 'POST <url>/api/handover-lists (permission transfer.manage), or the transfer’s page',
  'sijill receipt issue': 'POST <url>/api/transfers/<id>/receipt, then GET <url>/api/transfers/<id>/receipt for the signed file',
  'sijill user add': 'POST <url>/api/accounts as an administrator',
  'sijill states report': 'GET <url>/api/repatriations/states-report (permission repatriation.read), or the states desk page <url>/repatriations/states',
};

/** Why some commands have no HTTP equivalent and wait for the register to themselves. */
const alone: Readonly<Record<string, string>> = {
  'sijill check': 'sijill check reads the whole register and answers only from the register itself, never from a copy that may be behind, so it needs the register to itself',
  'sijill migrate': 'migrations change the schema under the running process',
  'sijill demo': 'the demo loads only into an empty register',
  'sijill serve': 'two servers cannot share one embedded register',
};

export function registerInUseMessage(error: DataFolderBusy, command: string = commandOfThisProcess()): string {
  const holder = error.holder;
  const lines = [
    `${command}: refused: the register in ${error.folder} is in use by ${describeHolder(holder)}.`,
    'An embedded register is opened by one process at a time: two processes writing it would corrupt it.',
  ];
  const why = alone[command];
  if (why) lines.push(`(${why}.)`);
  const stop = holder ? `stop that process (Ctrl-C where it runs, or kill ${holder.pid}), then run ${command} again` : 'stop the process that holds it, then try again';
  const http = overHttp[command];
  if (holder?.url && http) lines.push(`What to do: ask the running server: ${http.replaceAll('<url>', holder.url)}; or ${stop}.`);
  else if (holder?.url || !holder || !/^sijill (check|log|rollcall|transfer|receipt|user|demo|migrate)\b/.test(holder.command)) lines.push(`What to do: ${stop}.`);
  else lines.push(`What to do: wait for it to finish, or ${stop}.`);
  if (!holder || holder.host !== hostname()) lines.push(`If that process no longer runs, remove ${error.lockFile} by hand.`);
  else lines.push('With PostgreSQL (DATABASE_URL) instead of the embedded register, any number of processes may run together.');
  return lines.join('\n');
}
