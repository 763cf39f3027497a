/**
 * Where a command's time goes, stage by stage (idempotency, lock, load, decide, append, …),
 * summed over the calls that share one recorder. Only a caller that asks gets one (the
 * benchmark passes it through `Register.stages`); the register itself never keeps one, and
 * without it each stage runs as it would.
 */
export class StageTimes {
  /** Milliseconds per stage, in the order the stages were first met. */
  readonly ms = new Map<string, number>();

  add(stage: string, ms: number): void {
    this.ms.set(stage, (this.ms.get(stage) ?? 0) + ms);
  }

  /** Seconds per stage. */
  seconds(): Record<string, number> {
    return Object.fromEntries([...this.ms].map(([stage, ms]) => [stage, ms / 1000]));
  }
}

/** Run `work`, adding its time to `stage` when there is a recorder. */
export async function timed<T>(times: StageTimes | undefined, stage: string, work: () => Promise<T>): Promise<T> {
  if (!times) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    times.add(stage, performance.now() - started);
  }
}

/** {@link timed} for work that does not wait. */
export function timedSync<T>(times: StageTimes | undefined, stage: string, work: () => T): T {
  if (!times) return work();
  const started = performance.now();
  try {
    return work();
  } finally {
    times.add(stage, performance.now() - started);
  }
}
