// PostgreSQL for the benchmark: KEYPOOL_BENCH_DATABASE_URL when set, else a throwaway cluster in a
// temp folder on a free port (as .ci/run starts one), reached over its Unix socket, removed
// afterwards; none when not installed.
// synchronous_commit=off matches SQLite's WAL with synchronous=NORMAL: a crash of the machine may
// lose the last commits, never corrupt the database.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { completionsPerSecond } from './measure.js';

export interface BenchDatabase {
  url: string;
  /** Where the URL came from, for the report. */
  source: string;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')));
  versions.sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(root, versions[versions.length - 1]!, 'bin') : undefined;
}

export async function benchDatabase(): Promise<BenchDatabase | undefined> {
  if (process.env.KEYPOOL_BENCH_DATABASE_URL) {
    return { url: process.env.KEYPOOL_BENCH_DATABASE_URL, source: 'KEYPOOL_BENCH_DATABASE_URL', stop: () => {} };
  }
  const bin = postgresBin();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'keypool-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root: as root, run it as the postgres user.
  const run = (command: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' }) : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  run('pg_ctl', [
    '-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c synchronous_commit=off -c shared_buffers=256MB`,
    'start',
  ]);
  return {
    // Over its Unix socket, as a database on the same machine is reached (loopback TCP cost the
    // server about a fifth more CPU per sign-in here).
    url: `postgres://postgres@localhost/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    source: `a throwaway PostgreSQL cluster (${bin})`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The most statements one node process can have answered per second: `SELECT 1` over a pool of
 * `connections`, as many in flight at once, each waiting for its answer before the connection
 * sends another (keypool's pipelined lanes do not wait, and answer more), on the same cores as the server.
 */
export async function roundTripCeiling(url: string, seconds: number, connections: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  try {
    await Promise.all(Array.from({ length: connections }, () => pool.query('SELECT 1')));
    return await completionsPerSecond(connections, seconds, () => pool.query('SELECT 1'));
  } finally {
    await pool.end();
  }
}
