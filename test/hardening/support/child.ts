// keypool as a real child process on a fixed port, to be killed and restarted by fault tests.
import type { ChildProcess } from 'node:child_process';
import { serve, stop } from '../../support/process.js';

export class KeypoolProcess {
  private child?: ChildProcess;
  readonly url: string;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly extraArgs: string[] = [],
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the process and resolves once it prints its listening URL. */
  async start(): Promise<void> {
    this.child = (await serve(['--port', String(this.port), '--data-dir', this.dataDir, ...this.extraArgs])).child;
  }

  /** SIGKILL: no shutdown handler runs, as in a power cut or an OOM kill. */
  async kill(): Promise<void> {
    await stop(this.child, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await stop(this.child, 'SIGTERM');
  }
}
