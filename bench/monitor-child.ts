// The monitor side of the ledger benchmark, in its own process as a real monitor would be:
// runs one catch-up with the options given as JSON in argv[2] and prints its duration.
import { runMonitor, type MonitorOptions } from '../src/transparency/monitor.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as MonitorOptions;
const started = performance.now();
const report = await runMonitor(options);
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, size: report.size, mode: report.mode })}\n`);
