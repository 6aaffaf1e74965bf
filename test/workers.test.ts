// `keypool serve --workers n`: n processes behind one port sharing one SQLite store, and a SIGTERM
// that stops them all gracefully.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { takeWorkers } from '../src/cli.js';
import { BIN, serve, stop } from './support/process.js';


/** Pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** One AWS JSON call on a connection of its own, so that calls spread over the workers. */
function call(url: string, operation: string, input: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=00',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('keypool serve --workers', () => {
  it('takes --workers n, --workers=n or KEYPOOL_WORKERS, and refuses anything but 1..256', () => {
    assert.deepEqual(takeWorkers(['--port', '0', '--workers', '3'], {}), { workers: 3, args: ['--port', '0'] });
    assert.deepEqual(takeWorkers(['--workers=2'], {}), { workers: 2, args: [] });
    assert.deepEqual(takeWorkers([], { KEYPOOL_WORKERS: '4' }), { workers: 4, args: [] });
    assert.deepEqual(takeWorkers([], {}), { workers: 1, args: [] });
    assert.throws(() => takeWorkers(['--workers', '0'], {}), /--workers must be 1\.\.256, not 0/);
    assert.throws(() => takeWorkers(['--workers', 'two'], {}), /--workers must be 1\.\.256, not two/);
    assert.throws(() => takeWorkers(['--workers'], {}), /--workers must be 1\.\.256, not $/);
    const refused = spawnSync(process.execPath, [BIN, 'serve', '--workers', '-1'], { encoding: 'utf8', timeout: 15_000 });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /--workers must be 1\.\.256, not -1/);
  });

  it('serves from several processes on one port and one SQLite store, and stops them all on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keypool-workers-'));
    let child: ChildProcess | undefined;
    try {
      const started = await serve(['--port', '0', '--data-dir', dataDir, '--workers', '2']);
      child = started.child;
      const { url } = started;
      assert.match(started.banner, /\(SQLite in .*, 2 workers\)$/);
      const workers = childrenOf(child.pid!);
      assert.equal(workers.length, 2);

      // A pool created through one worker is seen by every request, whichever worker answers it.
      const created = await call(url, 'CreateUserPool', { PoolName: 'shared' });
      assert.equal(created.status, 200);
      const poolId = (created.body.UserPool as { Id: string }).Id;
      const described = await Promise.all(Array.from({ length: 12 }, () => call(url, 'DescribeUserPool', { UserPoolId: poolId })));
      for (const answer of described) {
        assert.equal(answer.status, 200);
        assert.equal((answer.body.UserPool as { Name: string }).Name, 'shared');
      }
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);

      assert.deepEqual(await stop(child, 'SIGTERM'), { code: 0, signal: null });
      for (const pid of workers) assert.equal(existsSync(`/proc/${pid}`), false, `worker ${pid} still running`);
    } finally {
      await stop(child, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
