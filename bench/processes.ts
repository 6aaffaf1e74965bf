// Servers under test as child processes: keypool (`bin/keypool.cjs serve --port 0`), the bare
// ceiling server and cognito-local. Each prints its URL once listening; stopping sends SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Spawns `node args...` and waits for a line matching `ready` (its first group is the URL). */
export function startProcess(
  args: string[],
  ready: RegExp,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`not ready after ${options.timeoutMs ?? 60000} ms`)), options.timeoutMs ?? 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${error.message}\n${output.slice(-2000)}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // eslint-disable-next-line no-control-regex
      const match = ready.exec(output.replace(/\x1b\[[0-9;]*m/g, ''));
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({
        url: match[1]!,
        pid: child.pid!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`exited (${signal ?? code}) before it was ready`)));
  });
}

export interface KeypoolOptions {
  dataDir: string;
  databaseUrl?: string;
  workers?: number;
  /** Extra node flags for the server, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

export function startKeypoolProcess(root: string, options: KeypoolOptions): Promise<ServerProcess> {
  const args = [
    ...(options.nodeFlags ?? []),
    `${root}/bin/keypool.cjs`,
    'serve',
    '--port',
    '0',
    '--data-dir',
    options.dataDir,
    '--log-level',
    'warn',
    '--no-outbox',
    ...(options.databaseUrl ? ['--db', options.databaseUrl, '--db-pool-size', '16'] : []),
    ...(options.workers && options.workers > 1 ? ['--workers', String(options.workers)] : []),
  ];
  return startProcess(args, /keypool listening on (http:\/\/\S+)/, { cwd: root });
}
