// The command line: help, serve, and clear refusals of bad flags.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, serve, stop } from './support/process.js';

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 15_000 });

describe('keypool command line', () => {
  it('--help prints usage and exits 0', () => {
    const result = run('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage:/m);
    assert.match(result.stdout, /keypool serve/);
    assert.match(result.stdout, /--port <n>/);
  });

  it('serve --port 0 prints the listening URL, answers /health, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keypool-cli-'));
    let child: ChildProcess | undefined;
    try {
      const started = await serve(['--port', '0', '--data-dir', dataDir]);
      child = started.child;
      const { url } = started;
      assert.notEqual(new URL(url).port, '0');
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await stop(child, 'SIGTERM'), { code: 0, signal: null });
    } finally {
      await stop(child, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a bad flag, a bad port and an unknown command with a clear message', () => {
    const flag = run('serve', '--no-such-flag');
    assert.notEqual(flag.status, 0);
    assert.match(flag.stderr, /--no-such-flag/);
    const port = run('serve', '--port', 'seventy');
    assert.notEqual(port.status, 0);
    assert.match(port.stderr, /--port must be 0\.\.65535, not seventy/);
    const command = run('frobnicate');
    assert.notEqual(command.status, 0);
    assert.match(command.stderr, /unknown command 'frobnicate'/);
  });
});
