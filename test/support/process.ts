// keypool as a real child process (`node bin/keypool.cjs serve ...`), for tests of the command line,
// of durability across kills and of several nodes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** dist/test/support/ -> the repository root. */
export const BIN = fileURLToPath(new URL('../../../bin/keypool.cjs', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** The line keypool printed once listening ("keypool listening on <url> (...)"). */
  banner: string;
}

/** Starts `keypool serve --log-level silent <args>` and resolves once it prints its listening URL. */
export function serve(args: string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--log-level', 'silent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`keypool did not start within 15 s: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const banner = output.match(/^keypool listening on (https?:\/\/\S+).*$/m);
      if (!banner) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ child, url: banner[1]!, banner: banner[0] });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`keypool exited with ${code} before listening: ${output}`));
    });
  });
}

export const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

/** Sends `signal` unless the process has ended, and waits for it to end. */
export async function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
  const ended = exited(child);
  child.kill(signal);
  return ended;
}

/** A TCP port free on 127.0.0.1 right now, for a server that must know its port before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}
