// The command line: help, serve, and clear refusals of bad flags.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const BIN = join(process.cwd(), 'bin', 'keypool.js');
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
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = output.match(/(http:\/\/127\.0\.0\.1:\d+)/);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      assert.notEqual(new URL(url).port, '0');
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exit, 0);
    } finally {
      child.kill('SIGKILL');
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
