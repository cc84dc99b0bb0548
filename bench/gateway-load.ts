/**
 * Load shapes and figures for the gateway benchmark: a closed loop (a fixed number of
 * instances in flight, for the maximum rate) and an open loop (instances started at a
 * fixed rate, for latency at a given load), and percentiles of instance durations.
 */

export interface LoadResult {
  instances: number;
  seconds: number;
  /** Duration of each instance, start to result, in milliseconds. */
  durationsMs: number[];
  failures: number;
}

/** Keeps `concurrency` instances in flight for `seconds`, each started when one ends. */
export async function closedLoop(
  runInstance: () => Promise<void>,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const durationsMs: number[] = [];
  let failures = 0;
  const started = performance.now();
  const stopAt = started + seconds * 1000;

  const loop = async () => {
    while (performance.now() < stopAt) {
      const begin = performance.now();
      try {
        await runInstance();
        durationsMs.push(performance.now() - begin);
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));

  return { instances: durationsMs.length, seconds: elapsed(started), durationsMs, failures };
}

/** Starts instances at `perSecond` for `seconds`, whatever their progress, and awaits them. */
export async function openLoop(
  runInstance: () => Promise<void>,
  perSecond: number,
  seconds: number,
): Promise<LoadResult> {
  const durationsMs: number[] = [];
  const running: Promise<void>[] = [];
  let failures = 0;
  const started = performance.now();
  const total = Math.round(perSecond * seconds);

  const start = () => {
    const begin = performance.now();
    running.push(
      runInstance().then(
        () => void durationsMs.push(performance.now() - begin),
        () => void failures++,
      ),
    );
  };

  while (running.length < total) {
    const due = Math.min(total, Math.floor(elapsed(started) * perSecond) + 1);
    while (running.length < due) start();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(running);

  return { instances: durationsMs.length, seconds: elapsed(started), durationsMs, failures };
}

/** The value below which `p` percent of the values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? Number.NaN;
}

/** Instances per second over the run. */
export function rate(result: LoadResult): number {
  return result.instances / result.seconds;
}

function elapsed(since: number): number {
  return (performance.now() - since) / 1000;
}
