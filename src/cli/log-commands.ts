/**
 * The transparency log on the command line: `sijill log …` (checkpoint, key, root, inclusion,
 * consistency, verify) against this register's database, and `sijill monitor` and
 * `sijill witness`, which a third party runs against a register's HTTP log. Each prints JSON
 * on stdout; errors go to stderr with a non-zero exit.
 */
import { readFileSync, existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import { cosignatureVerifier } from '../ledger/cosignature.ts';
import { signLatestCheckpoint } from '../store/checkpoints.ts';
import type { Database } from '../store/database.ts';
import { verifyLog } from '../store/log-verify.ts';
import { migrate } from '../store/migrate.ts';
import { catchUpTree, consistencyAt, inclusionAt, rootAt, treeSize } from '../store/tree-store.ts';
import { openLogKey, readLogKey } from '../transparency/log-key.ts';
import { MonitorFailure, runMonitor } from '../transparency/monitor.ts';
import { checkPublishedFigures } from '../transparency/figures-verify.ts';
import { openWitnessKey, runWitness, WitnessRefusal } from '../transparency/witness.ts';
import { openConfiguredDatabase } from './open-register.ts';

function count(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('give a whole number, 0 or more');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('give a positive number');
  return n;
}

/** A key given inline, or the path of a file holding it (`sijill log key --raw > log.vkey`). */
function keyArgument(value: string): string {
  if (existsSync(value)) return readFileSync(value, 'utf8').trim();
  return value.trim();
}

async function withLog<T>(work: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Never creates a register: a proof or a verification of an empty folder would be a lie.
  const { db } = await openConfiguredDatabase(config, { create: false });
  try {
    await migrate(db);
    // A log from before the tree existed is hashed into it here, once.
    await catchUpTree(db);
    return await work(db, config);
  } finally {
    await db.close();
  }
}

const print = (value: unknown) => console.log(JSON.stringify(value));

/** Adds `log`, `monitor` and `witness` to the sijill command. */
export function registerLogCommands(program: Command): void {
  const log = program.command('log').description('the transparency log over the event log: checkpoints, proofs, verification');

  log
    .command('checkpoint')
    .description('the latest signed checkpoint (signs one if the log has grown since the last)')
    .option('--raw', 'print the signed note itself instead of JSON')
    .action((options: { raw?: boolean }) =>
      withLog(async (db, config) => {
        const key = openLogKey(config.logKeyFile, config.logKeyName);
        const { checkpoint, created } = await signLatestCheckpoint(db, key.signer, config.logOrigin);
        if (options.raw) process.stdout.write(checkpoint.note);
        else print({ size: checkpoint.size, root: checkpoint.root.toString('hex'), created, checkpoint: checkpoint.note });
      }),
    );

  log
    .command('key')
    .description("the log's verifier key in signed-note form (creates the key pair on first use)")
    .option('--raw', 'print the verifier key alone')
    .action((options: { raw?: boolean }) => {
      const config = loadConfig();
      const key = openLogKey(config.logKeyFile, config.logKeyName);
      if (options.raw) console.log(key.verifierKey);
      else print({ name: key.name, origin: config.logOrigin, key: key.verifierKey, created: key.created });
    });

  log
    .command('root')
    .description('the RFC 6962 root of the first N events')
    .option('--size <n>', 'tree size (default: the whole log)', count)
    .action((options: { size?: number }) =>
      withLog(async (db) => {
        const size = options.size ?? (await treeSize(db));
        print({ size, root: (await rootAt(db, size)).toString('hex') });
      }),
    );

  log
    .command('inclusion')
    .description('inclusion proof of event I in the tree of N events')
    .requiredOption('--index <i>', 'leaf index', count)
    .option('--size <n>', 'tree size (default: the whole log)', count)
    .action((options: { index: number; size?: number }) =>
      withLog(async (db) => {
        const size = options.size ?? (await treeSize(db));
        const { leafHash, hashes } = await inclusionAt(db, options.index, size);
        print({ index: options.index, size, leaf_hash: leafHash.toString('hex'), hashes: hashes.map((h) => h.toString('hex')) });
      }),
    );

  log
    .command('consistency')
    .description('consistency proof from the tree of M events to the tree of N events')
    .requiredOption('--from <m>', 'older tree size', count)
    .option('--to <n>', 'newer tree size (default: the whole log)', count)
    .action((options: { from: number; to?: number }) =>
      withLog(async (db) => {
        const to = options.to ?? (await treeSize(db));
        const hashes = await consistencyAt(db, options.from, to);
        print({ from: options.from, to, hashes: hashes.map((h) => h.toString('hex')) });
      }),
    );

  log
    .command('verify')
    .description('recompute every leaf and the whole tree from the stored bytes; check every stored hash, checkpoint and cosignature')
    .action(() =>
      withLog(async (db, config) => {
        const key = readLogKey(config.logKeyFile);
        const report = await verifyLog(db, {
          ...(key ? { verifier: key.verifier } : {}),
          origin: config.logOrigin,
          witnesses: config.logWitnessKeys.map((k) => cosignatureVerifier(k)),
        });
        for (const finding of report.findings) console.error(`FAIL ${finding.check}: ${finding.message}`);
        print({
          ok: report.ok,
          size: report.size,
          tree_size: report.treeSize,
          stored_hashes: report.storedHashes,
          checkpoints: report.checkpoints,
          cosignatures: report.cosignatures,
          findings: report.findings.length,
        });
        process.exitCode = report.ok ? 0 : 1;
      }),
    );

  program
    .command('monitor')
    .description("watch a register's log: verify its checkpoint, consistency, every new leaf and entry, and every person's chain")
    .argument('<url>', "the log's URL prefix, e.g. https://register.example/log")
    .requiredOption('--state <dir>', 'where the monitor keeps the last verified checkpoint and its evidence files')
    .requiredOption('--key <vkey>', "the log's verifier key, or a file holding it", keyArgument)
    .option('--origin <origin>', "the log's origin (default: the key's name)")
    .option('--cookie <cookie>', 'Cookie header for a session with log.read_entries (or set SIJILL_MONITOR_COOKIE)')
    .option('--hashes-only', 'do not read entries: check signatures, consistency and the root only')
    .option('--quiet-days <d>', 'report persons in custody with no event for D days', positive)
    .option('--transfer-hours <t>', 'report transfers out with no transfer in after T hours', positive)
    .option('--figures <site>', "also check the register's published figures (https://register.example): each is in the log, and, with entries, recomputed at its log size")
    .action(async (url: string, options: { state: string; key: string; origin?: string; cookie?: string; hashesOnly?: boolean; quietDays?: number; transferHours?: number; figures?: string }) => {
      const cookie = options.cookie ?? process.env.SIJILL_MONITOR_COOKIE;
      try {
        const report = await runMonitor({
          url,
          stateDir: options.state,
          verifierKey: options.key,
          ...(options.origin ? { origin: options.origin } : {}),
          ...(cookie ? { cookie } : {}),
          ...(options.hashesOnly ? { hashesOnly: true } : {}),
          ...(options.quietDays !== undefined ? { quietDays: options.quietDays } : {}),
          ...(options.transferHours !== undefined ? { transferHours: options.transferHours } : {}),
        });
        print(report);
        if (options.figures) {
          const figures = await checkPublishedFigures({ siteUrl: options.figures, logUrl: url, verifierKey: options.key, ...(options.origin ? { origin: options.origin } : {}), ...(cookie && !options.hashesOnly ? { cookie } : {}) });
          print({ figures });
          for (const f of figures.findings) console.error(`FAIL figures ${f.publication} ${f.check}: ${f.message}`);
          if (!figures.ok) process.exitCode = 1;
        }
      } catch (error) {
        if (!(error instanceof MonitorFailure)) throw error;
        console.error(`FAIL ${error.check}: ${error.message}`);
        console.error(`evidence: ${error.evidencePath}`);
        print({ ok: false, failed: error.check, message: error.message, evidence: error.evidencePath });
        process.exitCode = 1;
      }
    });

  program
    .command('figures-verify')
    .description("check a register's published figures without an account: each publication's events are in the log under a signed checkpoint, and what is served is what the log holds")
    .argument('<site>', "the register's address, e.g. https://register.example")
    .requiredOption('--key <vkey>', "the log's verifier key, or a file holding it", keyArgument)
    .option('--origin <origin>', "the log's origin (default: the key's name)")
    .action(async (site: string, options: { key: string; origin?: string }) => {
      const report = await checkPublishedFigures({ siteUrl: site, verifierKey: options.key, ...(options.origin ? { origin: options.origin } : {}) });
      print(report);
      for (const f of report.findings) console.error(`FAIL figures ${f.publication} ${f.check}: ${f.message}`);
      process.exitCode = report.ok ? 0 : 1;
    });

  program
    .command('witness')
    .description("cosign a log's checkpoint after checking it is consistent with the last one cosigned (C2SP tlog-cosignature v1)")
    .argument('[url]', "the log's URL prefix, e.g. https://register.example/log")
    .requiredOption('--state <dir>', "where the witness keeps its key, the last cosigned checkpoint and evidence")
    .option('--log-key <vkey>', "the log's verifier key, or a file holding it", keyArgument)
    .option('--origin <origin>', "the log's origin (default: the log key's name)")
    .option('--name <name>', "the witness's key name (used when its key is created)")
    .option('--show-key', "print the witness's verifier key (creating the key) and stop")
    .option('--no-post', 'cosign and keep, but do not post the cosignature to the log')
    .option('--every <seconds>', 'keep running, cosigning every so many seconds (default: once)', positive)
    .action(async (url: string | undefined, options: { state: string; logKey?: string; origin?: string; name?: string; showKey?: boolean; post: boolean; every?: number }) => {
      if (options.showKey) {
        const key = openWitnessKey(options.state, options.name);
        print({ name: key.name, key: key.verifierKey });
        return;
      }
      if (!url || !options.logKey) throw new Error('give the log URL and --log-key (or --show-key)');
      for (;;) {
        try {
          const report = await runWitness({
            url,
            stateDir: options.state,
            logKey: options.logKey,
            post: options.post,
            ...(options.origin ? { origin: options.origin } : {}),
            ...(options.name ? { name: options.name } : {}),
          });
          print(report);
        } catch (error) {
          // A refusal is final: the witness has seen the log contradict itself. A log that
          // cannot be reached is tried again at the next round.
          if (!(error instanceof WitnessRefusal)) {
            if (options.every === undefined) throw error;
            console.error(`witness: ${(error as Error).message}`);
            await new Promise((resolve) => setTimeout(resolve, options.every! * 1000));
            continue;
          }
          console.error(`REFUSED: ${error.message}`);
          console.error(`evidence: ${error.evidencePath}`);
          print({ ok: false, refused: error.message, evidence: error.evidencePath });
          process.exitCode = 1;
          return;
        }
        if (options.every === undefined) return;
        await new Promise((resolve) => setTimeout(resolve, options.every! * 1000));
      }
    });
}
