// Measuring: autocannon for single calls, a closed-loop driver for multi-step flows, latency
// percentiles, and from /proc the peak resident memory of a server's process tree and the CPU time
// each part of a measurement spent (server, its event loops, PostgreSQL, the load generator).
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { jsonHeaders } from './wire.js';

export interface Throughput {
  /** Completed operations (or whole flows) per second. */
  perSecond: number;
  /** Latency in milliseconds. */
  p50: number;
  p99: number;
  completed: number;
  errors: number;
}

/**
 * autocannon against one operation; `body(i)` gives the i-th request body, so that each can differ.
 * Latency percentiles come from each answer's own time (autocannon's histogram keeps whole milliseconds).
 */
export async function hammer(url: string, operation: string, body: (i: number) => string, seconds: number, connections: number): Promise<Throughput> {
  let i = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: jsonHeaders(operation),
    requests: [{ method: 'POST', setupRequest: (request: Record<string, unknown>) => ({ ...request, body: body(i++) }) }],
  } as never);
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const failed = result.errors + result.timeouts + result.non2xx;
  const sorted = Float64Array.from(latencies).sort();
  return {
    perSecond: result['2xx'] / result.duration,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    completed: result['2xx'],
    errors: failed,
  };
}

/** Completions per second of `work` run by `parallel` callers, each calling again as soon as it is done, for `seconds`. */
export async function completionsPerSecond(parallel: number, seconds: number, work: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < end) {
        await work();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * A closed loop: `concurrency` callers each run `flow(n)` again and again for `seconds` (n counts
 * flows across callers). The latency of one flow is from its first request to its last answer.
 */
export async function drive(flow: (n: number) => Promise<void>, seconds: number, concurrency: number): Promise<Throughput & { firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const begin = performance.now();
  const deadline = begin + seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      const n = started++;
      const t0 = performance.now();
      try {
        await flow(n);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - begin) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  return { perSecond: latencies.length / elapsed, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), completed: latencies.length, errors, firstError };
}

function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Fields of /proc/<path>/stat after the command name, or undefined once the process has gone. */
function statFields(path: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${path}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** How often a thread has been switched off its core (it waited, or was preempted), from /proc/<path>/status. */
function contextSwitches(path: string): number {
  try {
    const status = readFileSync(`/proc/${path}/status`, 'utf8');
    return [...status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const MICROSECONDS_PER_TICK = 10_000;

/**
 * utime + stime of /proc/<path>/stat in µs, and with `endedChildren` cutime + cstime too: the time
 * of the children the process has reaped.
 */
function cpuMicros(path: string, endedChildren = false): number {
  const ticks = statFields(path)?.slice(11, endedChildren ? 15 : 13) ?? [];
  return ticks.reduce((sum, n) => sum + Number(n), 0) * MICROSECONDS_PER_TICK;
}

/**
 * The CPU time of every process named `postgres` (a cluster's postmaster, backends and helpers), in
 * µs, with that of the backends that have ended: the postmaster, which reaps them, counts theirs.
 */
function postgresMicros(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuMicros(entry, true);
    } catch {
      // the process has gone
    }
  }
  return total;
}

/** Busy and all ticks of every core together, from the first line of /proc/stat. */
function machineTicks(): { busy: number; all: number } {
  const [, ...counts] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
  const all = counts.reduce((sum, n) => sum + n, 0);
  // idle and iowait are the cores' time doing nothing
  return { busy: all - counts[3]! - counts[4]!, all };
}

/** Where the CPU time of a measurement went, per completed operation (or flow). */
export interface CpuUse {
  /** Every thread of the server's processes (event loop, libuv's pool, SQLite's checkpointer, GC). */
  serverMicros: number;
  /** The main thread of each server process: one process cannot go faster than one core allows it. */
  eventLoopMicros: number;
  /** How often the main threads were switched off a core: each time a loop waits for work, or is preempted, it loses its warm caches. */
  eventLoopSwitches: number;
  /** This process: autocannon or the flow driver, with the assertions it signs. */
  loadGeneratorMicros: number;
  /** Processes named postgres, where the store is PostgreSQL. */
  postgresMicros?: number;
  /** How many of the machine's cores were busy on average (with anything). */
  coresBusy: number;
}

/** Starts counting the CPU time of `pid`'s process tree, this process, the machine and (if asked) PostgreSQL. */
export function sampleCpu(pid: number, options: { postgres: boolean }): { stop(completed: number): CpuUse } {
  const tree = [pid, ...childrenOf(pid)];
  const server = () => tree.reduce((sum, p) => sum + cpuMicros(String(p)), 0);
  const eventLoops = () => tree.reduce((sum, p) => sum + cpuMicros(`${p}/task/${p}`), 0);
  const switches = () => tree.reduce((sum, p) => sum + contextSwitches(`${p}/task/${p}`), 0);
  const own = () => {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  };
  const before = { server: server(), eventLoops: eventLoops(), switches: switches(), own: own(), postgres: options.postgres ? postgresMicros() : 0, machine: machineTicks() };
  return {
    stop(completed) {
      const machine = machineTicks();
      const per = (micros: number) => micros / Math.max(1, completed);
      return {
        serverMicros: per(server() - before.server),
        eventLoopMicros: per(eventLoops() - before.eventLoops),
        eventLoopSwitches: per(switches() - before.switches),
        loadGeneratorMicros: per(own() - before.own),
        ...(options.postgres ? { postgresMicros: per(postgresMicros() - before.postgres) } : {}),
        coresBusy: ((machine.busy - before.machine.busy) / Math.max(1, machine.all - before.machine.all)) * cpus().length,
      };
    },
  };
}

/** The pids whose parent is `pid` (cluster workers), from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && Number(statFields(entry)?.[1]) === pid) children.push(Number(entry));
  }
  return children;
}

/** Samples the RSS of a process and its children every `everyMs`; `stop()` gives the peak in MiB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let tree = [pid, ...childrenOf(pid)];
  let peak = 0;
  let ticks = 0;
  const sample = () => {
    if (++ticks % 20 === 0) tree = [pid, ...childrenOf(pid)];
    peak = Math.max(peak, tree.reduce((sum, p) => sum + rssKiB(p), 0));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak / 1024;
    },
  };
}
