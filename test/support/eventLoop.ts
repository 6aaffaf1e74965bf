// How long the event loop stood still while something ran: what a concurrent request would have waited.
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Runs `work` `runs` times with the event loop sampled every millisecond; returns the longest stall
 * (ms) of each run. A stall the work causes shows in every run, a busy machine's hiccups do not:
 * judge by the smallest.
 */
export async function longestStalls(runs: number, work: () => Promise<void>): Promise<number[]> {
  const stalls: number[] = [];
  for (let run = 0; run < runs; run++) {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    try {
      await work();
    } finally {
      histogram.disable();
    }
    stalls.push(histogram.max / 1e6);
  }
  return stalls;
}

export const formatMs = (values: readonly number[]): string => values.map((v) => v.toFixed(1)).join(', ');
