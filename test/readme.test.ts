// The README's examples, run as written against a real keypool: every `js` block as an ES module
// (as a reader saves and runs it), the `python` blocks with boto3, and the `sh` blocks that call the
// AWS CLI or curl; the README's endpoint is swapped for the test server's. Blocks marked `js browser`
// run in a page and are left to the browser tests. Blocks marked `file=<path>` are files the reader
// saves: they are written first, and the trigger modules among them (triggers/<name>.mjs) serve the
// functions of that name, as `--trigger <name>=<file>` does; `js lambda` blocks run against a keypool
// invoking them through serverless-offline, as the README starts it. The list of operations in the
// README is the code's.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { operationsSection } from './support/readmeOperations.js';
import { BIN } from './support/process.js';
import { ManualClock } from '../src/clock.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startLambdaServer, type LambdaServer } from './support/lambdaServer.js';

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

/** The files the README has its reader save, by path. */
const files = blocks(README).flatMap((b) => {
  const path = b.info.match(/^\S+ file=(\S+)$/)?.[1];
  return path ? [{ path, code: b.code }] : [];
});

/** The key the README's custom sender example starts keypool with. */
const senderKey = README.match(/KEYPOOL_CUSTOM_SENDER_KEY=([0-9a-f]{64})/)?.[1];

describe('README examples', () => {
  let server: TestServer;
  let lambda: { functions: LambdaServer; server: TestServer } | undefined;
  const dir = join(ROOT, '.tmp', `readme-${process.pid}`);
  const modules: Record<string, string> = {};
  before(async () => {
    // Under the checkout, so that `import ... from '@aws-sdk/...'` resolves as in a reader's project.
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.code);
      const name = file.path.match(/^triggers\/(.+)\.mjs$/)?.[1];
      if (name) modules[name] = join(dir, file.path);
    }
    if (senderKey) process.env.KEYPOOL_CUSTOM_SENDER_KEY = senderKey;
    server = await startTestServer(
      { triggers: modules, ...(senderKey ? { customSenderKey: Buffer.from(senderKey, 'hex') } : {}) },
      { clock: new SystemTime() },
    );
  });
  after(async () => {
    await server?.dispose();
    await lambda?.server.dispose();
    await lambda?.functions.stop();
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
  const local = (code: string, url = server.url) => code.replace(ENDPOINTS, url);

  /** A keypool invoking the README's functions through serverless-offline, started on the README's serverless.yml. */
  async function lambdaKeypool(functionName: string): Promise<TestServer> {
    if (!lambda) {
      const functions = await startLambdaServer(dir, functionName);
      lambda = { functions, server: await startTestServer({ lambdaEndpoint: functions.endpoint }, { clock: new SystemTime() }) };
    }
    return lambda.server;
  }

  for (const block of blocks(README).filter((b) => b.info === 'js lambda')) {
    it(`runs the js example at README line ${block.line} with its functions behind serverless-offline`, async () => {
      const functionName = block.code.match(/function:([\w-]+)/)![1]!;
      const keypool = await lambdaKeypool(functionName);
      const file = join(dir, `example-${block.line}.mjs`);
      writeFileSync(file, local(block.code, keypool.url));
      const result = await run(process.execPath, [file]);
      assert.equal(result.status, 0, `README line ${block.line}:\n${result.output}`);
    });
  }

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
