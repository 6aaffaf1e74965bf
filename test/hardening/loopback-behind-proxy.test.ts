// The attack: keypool behind a reverse proxy on the same host (nginx's default `proxy_pass
// http://127.0.0.1:...`), so every outsider's request arrives from 127.0.0.1. With the operator
// trusted by loopback alone, outsiders read the outbox and the operator API and rotated keys. Here a
// real TCP relay on loopback stands in for the proxy; keypool has `--public-url
// https://auth.example.com`, and must then want admin credentials on every operator route. And from
// the command line: listening on 0.0.0.0 without credentials refuses to start, naming the flag
// that accepts the risk.
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListUserPoolsCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PASSWORD, createUser, poolWithClient, signIn } from '../support/fixtures.js';
import { BIN, serve, stop } from '../support/process.js';
import { sdkClient, startTestServer, type TestServer } from '../support/server.js';
import { TcpProxy } from '../support/tcpProxy.js';

const PUBLIC_URL = 'https://auth.example.com';
const ADMIN = { accessKeyId: 'AKIDPROXYADMIN', secretAccessKey: 'proxy-admin-secret' };
const BASIC = `Basic ${Buffer.from(`${ADMIN.accessKeyId}:${ADMIN.secretAccessKey}`).toString('base64')}`;

interface Answer {
  status: number;
  body: string;
}

/** One HTTP request with exactly these headers (Host included), as an outsider sends it to the proxy. */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A keypool with a public URL elsewhere, a code in its outbox, and a relay on loopback in front of it. */
async function proxiedKeypool(adminCredentials: (typeof ADMIN)[] = []) {
  const server = await startTestServer({ publicUrl: PUBLIC_URL, adminCredentials });
  const cognito = adminCredentials.length > 0 ? sdkClient(server.url, ADMIN) : server.cognito;
  const { poolId, clientId } = await poolWithClient(cognito, { pool: { AutoVerifiedAttributes: ['email'] } });
  await cognito.send(
    new SignUpCommand({ ClientId: clientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'n@example.com' }] }),
  );
  const proxy = new TcpProxy('127.0.0.1', server.keypool.port);
  await proxy.up();
  return { server, cognito, proxy, poolId, clientId };
}

const keysOf = async (server: TestServer, poolId: string) =>
  (await server.keypool.app.store.keys.listForPool(poolId)).map((k) => k.kid).sort();

describe('keypool behind a same-host reverse proxy, without admin credentials', () => {
  let setup: Awaited<ReturnType<typeof proxiedKeypool>>;
  before(async () => {
    setup = await proxiedKeypool();
  });
  after(async () => {
    await setup?.proxy.down();
    await setup?.server.dispose();
  });

  it('refuses the outbox, the operator API, the console and key rotation to everyone', async () => {
    const { server, proxy, poolId } = setup;
    const keysBefore = await keysOf(server, poolId);
    // Host as a raw relay passes it, as nginx's default proxy_pass sets it, and as a proxy keeping the public name sends it.
    for (const host of [`127.0.0.1:${proxy.port}`, `127.0.0.1:${server.keypool.port}`, 'auth.example.com']) {
      for (const path of ['/_keypool/outbox', '/_keypool/api/outbox', '/_keypool/api/pools', '/console/']) {
        const answer = await send(proxy.port, 'GET', path, { host });
        assert.equal(answer.status, 403, `${path} with Host ${host}`);
        assert.match(answer.body, /--admin-credentials/);
        assert.doesNotMatch(answer.body, /newcomer/);
      }
      assert.equal((await send(proxy.port, 'POST', `/_keypool/pools/${poolId}/rotate-keys`, { host })).status, 403);
    }
    // Not even from this machine directly: keypool cannot tell the proxy's requests from the operator's.
    assert.equal((await send(server.keypool.port, 'GET', '/_keypool/outbox')).status, 403);
    assert.deepEqual(await keysOf(server, poolId), keysBefore, 'no key rotated');
  });

  it('keeps serving apps through the proxy: health, JWKS, sign-in', async () => {
    const { server, proxy, poolId, clientId } = setup;
    assert.equal((await send(proxy.port, 'GET', '/health')).status, 200);
    const discovery = await send(proxy.port, 'GET', `/${poolId}/.well-known/openid-configuration`);
    assert.equal((JSON.parse(discovery.body) as { issuer: string }).issuer, `${PUBLIC_URL}/${poolId}`);
    const viaProxy = sdkClient(`http://127.0.0.1:${proxy.port}`);
    try {
      await createUser(server.cognito, poolId, 'alice');
      assert.ok((await signIn(viaProxy, clientId, 'alice')).AccessToken);
    } finally {
      viaProxy.destroy();
    }
  });
});

describe('keypool behind a same-host reverse proxy, with admin credentials', () => {
  let setup: Awaited<ReturnType<typeof proxiedKeypool>>;
  before(async () => {
    setup = await proxiedKeypool([ADMIN]);
  });
  after(async () => {
    setup?.cognito.destroy();
    await setup?.proxy.down();
    await setup?.server.dispose();
  });

  it('answers the operator routes only with the credentials as HTTP Basic', async () => {
    const { server, proxy, poolId } = setup;
    const keysBefore = await keysOf(server, poolId);
    const wrong = `Basic ${Buffer.from(`${ADMIN.accessKeyId}:guess`).toString('base64')}`;
    for (const headers of [{}, { authorization: wrong }] as Record<string, string>[]) {
      assert.equal((await send(proxy.port, 'GET', '/_keypool/outbox', headers)).status, 401);
      assert.equal((await send(proxy.port, 'GET', '/_keypool/api/pools', headers)).status, 401);
      assert.equal((await send(proxy.port, 'POST', `/_keypool/pools/${poolId}/rotate-keys`, headers)).status, 401);
    }
    assert.deepEqual(await keysOf(server, poolId), keysBefore);
    const outbox = await send(proxy.port, 'GET', '/_keypool/outbox', { authorization: BASIC });
    assert.equal(outbox.status, 200);
    assert.match(outbox.body, /newcomer/);
    assert.equal((await send(proxy.port, 'POST', `/_keypool/pools/${poolId}/rotate-keys`, { authorization: BASIC })).status, 200);
    assert.notDeepEqual(await keysOf(server, poolId), keysBefore);
  });
});

describe('a same-host proxy in front of a keypool without --public-url', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  before(async () => {
    server = await startTestServer();
    proxy = new TcpProxy('127.0.0.1', server.keypool.port);
    await proxy.up();
  });
  after(async () => {
    await proxy?.down();
    await server?.dispose();
  });

  it('is refused the operator routes when it says it forwarded the request', async () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      assert.equal((await send(proxy.port, 'GET', '/_keypool/outbox', { [header]: '203.0.113.7' })).status, 403, header);
    }
    assert.equal((await send(proxy.port, 'GET', '/_keypool/outbox')).status, 200, 'the operator on this machine');
  });
});

describe('listening beyond loopback', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'silent', ...args], {
      encoding: 'utf8',
      timeout: 15_000,
      env: { ...process.env, ...env },
    });
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'keypool-exposure-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start without admin credentials, naming the flag that accepts the risk', () => {
    for (const refused of [run(['--host', '0.0.0.0', '--data-dir', dataDir]), run(['--data-dir', dataDir], { KEYPOOL_HOST: '0.0.0.0' })]) {
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /without admin credentials/);
      assert.match(refused.stderr, /--insecure-open-admin \(KEYPOOL_INSECURE_OPEN_ADMIN=true\)/);
      assert.match(refused.stderr, /--admin-credentials/);
      assert.doesNotMatch(refused.stdout, /listening/);
    }
    assert.match(run(['--help']).stdout, /--insecure-open-admin/);
  });

  it('starts with --insecure-open-admin (operator routes closed) or with admin credentials (operator by Basic)', async () => {
    let child: ChildProcess | undefined;
    try {
      const open = await serve(['--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir, '--insecure-open-admin']);
      child = open.child;
      const port = Number(new URL(open.url).port);
      assert.equal((await send(port, 'GET', '/_keypool/outbox')).status, 403);
      const anyone = sdkClient(open.url, { accessKeyId: 'AKIDANYONE', secretAccessKey: 'anything' });
      try {
        assert.ok((await anyone.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools, 'admin operations are open, as the flag says');
      } finally {
        anyone.destroy();
      }
      await stop(child);

      const credentialsFile = join(dataDir, 'admin.json');
      writeFileSync(credentialsFile, JSON.stringify([ADMIN]));
      const guarded = await serve(['--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir, '--admin-credentials', credentialsFile]);
      child = guarded.child;
      const guardedPort = Number(new URL(guarded.url).port);
      assert.equal((await send(guardedPort, 'GET', '/_keypool/outbox')).status, 401);
      assert.equal((await send(guardedPort, 'GET', '/_keypool/outbox', { authorization: BASIC })).status, 200);
    } finally {
      await stop(child, 'SIGKILL');
    }
  });
});
