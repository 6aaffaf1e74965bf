// The README's examples, run as written against a real keypool: every `js` block as an ES module
// (as a reader saves and runs it), the `python` blocks with boto3, and the `sh` blocks that call the
// AWS CLI or curl; the README's endpoint is swapped for the test server's. Blocks marked `js browser`
// run in a page and are left to the browser tests. The list of operations in the README is the code's.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { operationsSection } from './support/readmeOperations.js';
import { BIN } from './support/process.js';
import { ManualClock } from '../src/clock.js';
import { startTestServer, type TestServer } from './support/server.js';

const ROOT = join(BIN, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const ENDPOINTS = /http:\/\/(127\.0\.0\.1|localhost):9229/g;

interface Block {
  info: string;
  code: string;
  line: number;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^```(\S*)(.*)$/);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
    found.push({ info: `${open[1]}${open[2]}`.trim(), code: body.join('\n'), line: start + 1 });
  }
  return found;
}

/** A reader's keypool keeps the system's time, which the examples' TOTP codes are computed from. */
class SystemTime extends ManualClock {
  override now(): number {
    return Date.now();
  }
}

const available = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8' }).status === 0;

describe('README examples', () => {
  let server: TestServer;
  const dir = join(ROOT, '.tmp', `readme-${process.pid}`);
  before(async () => {
    // Under the checkout, so that `import ... from '@aws-sdk/...'` resolves as in a reader's project.
    mkdirSync(dir, { recursive: true });
    server = await startTestServer({}, { clock: new SystemTime() });
  });
  after(async () => {
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a command without blocking this process, which serves the keypool the example talks to. */
  const run = (command: string, args: string[]) =>
    new Promise<{ status: number; output: string }>((resolve) => {
      const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1' };
      execFile(command, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env }, (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stderr}${stdout}` }),
      );
    });
  const local = (code: string) => code.replace(ENDPOINTS, server.url);

  for (const block of blocks(README).filter((b) => b.info === 'js')) {
    it(`runs the js example at README line ${block.line}`, async () => {
      const file = join(dir, `example-${block.line}.mjs`);
      writeFileSync(file, local(block.code));
      const result = await run(process.execPath, [file]);
      assert.equal(result.status, 0, `README line ${block.line}:\n${result.output}`);
    });
  }

  for (const block of blocks(README).filter((b) => b.info === 'python')) {
    const boto3 = available('python3', ['-c', 'import boto3']);
    it(`runs the python example at README line ${block.line}`, { skip: boto3 ? undefined : 'python3 with boto3 is not installed' }, async () => {
      const file = join(dir, `example-${block.line}.py`);
      writeFileSync(file, local(block.code));
      const result = await run('python3', [file]);
      assert.equal(result.status, 0, `README line ${block.line}:\n${result.output}`);
    });
  }

  for (const block of blocks(README).filter((b) => b.info === 'sh' && /^(aws cognito-idp|curl) /m.test(b.code))) {
    const cli = available('aws', ['--version']);
    it(`runs the shell example at README line ${block.line}`, { skip: cli ? undefined : 'the AWS CLI is not installed' }, async () => {
      const result = await run('bash', ['-euo', 'pipefail', '-c', local(block.code)]);
      assert.equal(result.status, 0, `README line ${block.line}:\n${result.output}`);
    });
  }

  it('lists exactly the operations keypool answers (npm run readme:operations rewrites the list)', () => {
    const start = README.indexOf('<!-- operations:start -->');
    const end = README.indexOf('<!-- operations:end -->');
    assert.ok(start >= 0 && end > start, 'the README has the operations markers');
    assert.equal(README.slice(start, end + '<!-- operations:end -->'.length), operationsSection());
  });
});
