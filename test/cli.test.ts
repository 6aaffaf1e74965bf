// The command line: help, version, serve, clear refusals of bad flags and unusable places, readable
// logs, the start page, and `npm start` stopping on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../src/cli.js';
import { get as httpsGet } from 'node:https';
import { BIN, exited, serve, stop } from './support/process.js';
import { selfSignedCertificate } from './support/tls.js';

const ROOT = join(BIN, '..', '..');

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

  it('--version prints the package version', () => {
    const result = run('--version');
    assert.equal(result.status, 0);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(result.stdout.trim(), `keypool ${version}`);
  });

  it('says what is wrong with a bad log level, a negative number, and an unknown log format', () => {
    const level = run('serve', '--log-level', 'verbose');
    assert.notEqual(level.status, 0);
    assert.match(level.stderr, /--log-level must be one of trace, debug, info, warn, error, silent, not verbose/);
    const connections = run('serve', '--max-connections', '-5');
    assert.notEqual(connections.status, 0);
    assert.match(connections.stderr, /--max-connections must be a whole number of at least 1, not -5/);
    const format = run('serve', '--log-format', 'xml');
    assert.match(format.stderr, /--log-format must be one of json, pretty, not xml/);
  });

  it('every option has its environment variable, --no-outbox and --quota included', () => {
    assert.equal(parseConfig([], { KEYPOOL_OUTBOX: 'false' }).outbox, false);
    assert.equal(parseConfig([], {}).outbox, true);
    const quotas = parseConfig([], { KEYPOOL_QUOTA: 'UserAuthentication=5,UserRead=7' }).quotas;
    assert.ok(quotas);
    assert.equal(parseConfig([], { KEYPOOL_LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
    const help = run('--help').stdout;
    for (const variable of ['KEYPOOL_OUTBOX=false', 'KEYPOOL_QUOTA', 'KEYPOOL_LOG_FORMAT']) assert.ok(help.includes(variable), variable);
  });

  it('takes trigger modules by name or from a JSON map, a Lambda endpoint and a sender key, and says what is wrong with them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keypool-cli-triggers-'));
    try {
      writeFileSync(join(dir, 'pre.mjs'), 'export const handler = async (event) => event;');
      writeFileSync(join(dir, 'map.json'), JSON.stringify({ 'arn:aws:lambda:us-east-1:123456789012:function:post': 'pre.mjs' }));
      const config = parseConfig(['--trigger', `pre=${join(dir, 'pre.mjs')}`, '--trigger', join(dir, 'map.json'), '--lambda-endpoint', 'http://127.0.0.1:3002'], {
        KEYPOOL_CUSTOM_SENDER_KEY: 'ab'.repeat(32),
      });
      assert.deepEqual(config.triggers, { pre: join(dir, 'pre.mjs'), 'arn:aws:lambda:us-east-1:123456789012:function:post': join(dir, 'pre.mjs') });
      assert.equal(config.lambdaEndpoint, 'http://127.0.0.1:3002');
      assert.equal(config.customSenderKey?.length, 32);
      assert.deepEqual(parseConfig([], { KEYPOOL_TRIGGERS: `pre=${join(dir, 'pre.mjs')}`, KEYPOOL_LAMBDA_ENDPOINT: 'http://localhost:3002' }).triggers, { pre: join(dir, 'pre.mjs') });

      const missing = run('serve', '--trigger', `pre=${join(dir, 'absent.mjs')}`);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /--trigger pre: there is no file .*absent\.mjs/);
      assert.match(run('serve', '--trigger', 'pre.mjs').stderr, /--trigger takes <name>=<file> or a \.json file mapping names to files, not pre\.mjs/);
      assert.match(run('serve', '--lambda-endpoint', 'localhost:3002').stderr, /--lambda-endpoint must be an http\(s\) URL, not localhost:3002/);
      const key = spawnSync(process.execPath, [BIN, 'serve'], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, KEYPOOL_CUSTOM_SENDER_KEY: 'short' } });
      assert.match(key.stderr, /KEYPOOL_CUSTOM_SENDER_KEY must be 32 bytes/);
      assert.ok(run('--help').stdout.includes('--trigger <name>=<file>'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads --breached-passwords one a line, and names a file it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keypool-cli-breached-'));
    try {
      writeFileSync(join(dir, 'leaked.txt'), 'Leaked-Once-1\r\n\nLeaked-Twice-2\n');
      assert.deepEqual(parseConfig(['--breached-passwords', join(dir, 'leaked.txt')]).breachedPasswords, ['Leaked-Once-1', 'Leaked-Twice-2']);
      assert.deepEqual(parseConfig([], { KEYPOOL_BREACHED_PASSWORDS: join(dir, 'leaked.txt') }).breachedPasswords, ['Leaked-Once-1', 'Leaked-Twice-2']);
      assert.deepEqual(parseConfig([]).breachedPasswords, []);
      const missing = run('serve', '--breached-passwords', join(dir, 'absent.txt'));
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /--breached-passwords cannot read .*absent\.txt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves HTTPS with --tls-cert and --tls-key, and says what is wrong with them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keypool-cli-tls-'));
    try {
      const { cert, key } = selfSignedCertificate(dir);
      writeFileSync(join(dir, 'cert.pem'), cert);
      writeFileSync(join(dir, 'key.pem'), key);
      const keypool = await serve(['--port', '0', '--data-dir', join(dir, 'data'), '--tls-cert', join(dir, 'cert.pem'), '--tls-key', join(dir, 'key.pem')]);
      try {
        assert.match(keypool.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const status = await new Promise<number>((resolve, reject) => {
          httpsGet(`${keypool.url}/health`, { ca: cert, servername: 'localhost', checkServerIdentity: () => undefined }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          }).on('error', reject);
        });
        assert.equal(status, 200);
      } finally {
        await stop(keypool.child);
      }
      assert.match(run('serve', '--tls-cert', join(dir, 'cert.pem')).stderr, /--tls-cert and --tls-key go together/);
      assert.match(run('serve', '--tls-cert', join(dir, 'nope.pem'), '--tls-key', join(dir, 'key.pem')).stderr, /--tls-cert .*nope\.pem: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the database it cannot reach, and a data directory it cannot make, at once', () => {
    const db = run('serve', '--port', '0', '--db', 'postgres://someone:hunter2@127.0.0.1:1/nothing');
    assert.notEqual(db.status, 0);
    assert.match(db.stderr, /cannot reach the PostgreSQL database at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nothing/);
    assert.equal(db.stderr.includes('hunter2'), false, 'no password in the message');
    const started = Date.now();
    const proc = run('serve', '--port', '0', '--data-dir', '/proc/keypool/data');
    assert.notEqual(proc.status, 0);
    assert.match(proc.stderr, /cannot create the data directory \/proc\/keypool/);
    assert.ok(Date.now() - started < 10_000, 'fails at once');
  });

  it('rotate-keys names a data directory without a database, and creates none', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'keypool-cli-')), 'empty');
    try {
      const result = run('rotate-keys', '--pool', 'us-east-1_Nope12345', '--data-dir', dataDir);
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /there is no keypool database in .*empty/);
      assert.equal(existsSync(dataDir), false);
    } finally {
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });

  it('--log-format pretty writes readable lines; GET / says where to go', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keypool-cli-'));
    let child: ChildProcess | undefined;
    try {
      const started = await serve(['--port', '0', '--data-dir', dataDir, '--log-level', 'info', '--log-format', 'pretty']);
      child = started.child;
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const home = await fetch(`${started.url}/`);
      assert.equal(home.status, 200);
      const page = await home.text();
      for (const link of ['/console/', '/health']) assert.ok(page.includes(link), link);
      await fetch(`${started.url}/`, { method: 'POST', headers: { 'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools' }, body: '{}' });
      await stop(child, 'SIGTERM');
      assert.match(output, /^\d\d:\d\d:\d\d\.\d{3} (INFO|WARN) /m);
      assert.equal(/^\{/m.test(output), false, 'no JSON lines');
    } finally {
      await stop(child, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm start hands SIGTERM to keypool: nothing is left running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keypool-cli-'));
    const npm = spawn('npm', ['start', '--silent', '--', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`npm start did not listen: ${output}`)), 20_000);
        npm.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const found = output.match(/keypool listening on (http:\/\/\S+)/);
          if (found) {
            clearTimeout(timer);
            resolve(found[1]!);
          }
        });
      });
      assert.equal((await fetch(`${url}/health`)).status, 200);
      const ended = exited(npm);
      npm.kill('SIGTERM');
      await ended;
      // The server is gone with npm: its port no longer answers.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await assert.rejects(fetch(`${url}/health`));
    } finally {
      await stop(npm, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the package (npm pack, for npm install -g) carries what keypool runs from, and no tests', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(packed.status, 0, packed.stderr);
    const files = new Set((JSON.parse(packed.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    for (const needed of ['bin/keypool.cjs', 'dist/src/cli.js', 'dist/src/protocol/model.generated.json', 'src/operator/assets/index.html', 'README.md', 'package.json']) {
      assert.ok(files.has(needed), needed);
    }
    assert.deepEqual([...files].filter((path) => path.endsWith('.test.js') || path.startsWith('dist/test/') || path.startsWith('src/auth/')), []);
  });
});
