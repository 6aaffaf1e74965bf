// Triggers served by local modules (`--trigger <name>=<file>`): each module runs in a worker thread
// of its own, so that a hung or crashing function cannot stall keypool. A module edited on disk is
// loaded afresh at its next invocation; one that overruns its time is stopped (its thread
// terminated) and loaded afresh at the next.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FunctionFailure } from './failure.js';
import type { Invocation, Outcome } from './worker.js';

interface Pending {
  resolve(payload: string): void;
  reject(failure: FunctionFailure): void;
}

class ModuleThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly ready: Promise<void>;
  private stopped = false;

  constructor(
    readonly file: string,
    readonly loadedVersion: number,
    private readonly onStopped: (thread: ModuleThread) => void,
  ) {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { file }, stdout: false, stderr: false });
    this.worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`it exited with code ${code}`)));
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (outcome: Outcome | 'ready') => {
      if (outcome === 'ready') return;
      const waiting = this.pending.get(outcome.id);
      if (!waiting) return;
      this.pending.delete(outcome.id);
      if ('payload' in outcome) waiting.resolve(outcome.payload);
      else waiting.reject(new FunctionFailure('error', outcome.error.errorMessage, outcome.error.errorType));
    });
    this.worker.on('error', (error) => this.stop(new FunctionFailure('crashed', `the module crashed: ${error.message}`)));
    this.worker.on('exit', (code) => this.stop(new FunctionFailure('crashed', `the module's thread exited with code ${code}`)));
  }

  async invoke(functionName: string, event: unknown, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const timer = new Promise<never>((_, reject) => {
      const timeout = setTimeout(() => reject(new FunctionFailure('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
      timeout.unref();
    });
    try {
      await Promise.race([
        this.ready.catch((error: Error) => {
          throw new FunctionFailure('crashed', `the module failed to load: ${error.message}`);
        }),
        timer,
      ]);
      const id = this.nextId++;
      return await Promise.race([
        new Promise<string>((resolve, reject) => {
          this.pending.set(id, { resolve, reject });
          this.worker.postMessage({ id, event, functionName, deadline: deadline } satisfies Invocation);
        }),
        timer,
      ]);
    } catch (error) {
      if (error instanceof FunctionFailure && (error.kind === 'timeout' || error.kind === 'crashed')) this.stop(error);
      throw error;
    }
  }

  /** Ends the thread: whatever it was still running fails with `failure`. */
  stop(failure: FunctionFailure): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStopped(this);
    for (const waiting of this.pending.values()) waiting.reject(failure);
    this.pending.clear();
    void this.worker.terminate();
  }
}

export class LocalModules {
  private readonly threads = new Map<string, ModuleThread>();

  /** Runs the module's handler on `event`: the JSON text it answered, or a FunctionFailure. */
  invoke(file: string, functionName: string, event: unknown, timeoutMs: number): Promise<string> {
    let version: number;
    try {
      version = statSync(file).mtimeMs;
    } catch (error) {
      return Promise.reject(new FunctionFailure('unreachable', `cannot read ${file}: ${(error as Error).message}`));
    }
    let thread = this.threads.get(file);
    if (thread && thread.loadedVersion !== version) thread.stop(new FunctionFailure('crashed', 'the module changed on disk'));
    thread = this.threads.get(file);
    if (!thread) {
      thread = new ModuleThread(file, version, (stopped) => {
        if (this.threads.get(file) === stopped) this.threads.delete(file);
      });
      this.threads.set(file, thread);
    }
    return thread.invoke(functionName, event, timeoutMs);
  }

  close(): void {
    for (const thread of [...this.threads.values()]) thread.stop(new FunctionFailure('crashed', 'keypool is stopping'));
  }
}
