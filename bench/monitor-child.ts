// The outside side of the ledger benchmark, in its own process as a real monitor or client
// would be. argv[2] is JSON: MonitorOptions to run one catch-up and print its duration, or
// { "proofs": { url, size, samples, warmup } } to ask for random inclusion and consistency
// proofs over HTTP and print their latencies (p50, p99 in ms).
import { LogClient } from '../src/transparency/log-client.ts';
import { runMonitor, type MonitorOptions } from '../src/transparency/monitor.ts';

interface ProofRun {
  readonly url: string;
  readonly size: number;
  readonly samples: number;
  readonly warmup: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as MonitorOptions | { proofs: ProofRun };

if ('proofs' in input) {
  const { url, size, samples, warmup } = input.proofs;
  const client = new LogClient(url);
  let seed = 3;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const timed = async (count: number, work: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
    return { p50: at(50), p99: at(99) };
  };
  const inclusion = () => client.inclusionProof(next() % size, size);
  const consistency = () => client.consistencyProof(1 + (next() % (size - 1)), size);
  await timed(warmup, inclusion);
  await timed(warmup, consistency);
  const result = { inclusion: await timed(samples, inclusion), consistency: await timed(samples, consistency) };
  client.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const started = performance.now();
  const report = await runMonitor(input);
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, size: report.size, mode: report.mode })}\n`);
}
