// Signing keys under an operator's care: rotation over HTTP and from the command line (old tokens keep
// verifying, new ones carry the new kids, retired keys leave the JWKS once their tokens have expired,
// a rotation on one node is seen by another), and encryption at rest with KEYPOOL_KEY_ENCRYPTION_KEY.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { main } from '../../src/cli.js';
import { RETENTION } from '../../src/store/store.js';
import { parseKeyEncryptionKey } from '../../src/tokens/keyEncryption.js';
import { createUser, poolWithUser, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid!;

async function jwks(server: TestServer, poolId: string): Promise<JSONWebKeySet> {
  const response = await fetch(`${server.url}/${poolId}/.well-known/jwks.json`);
  assert.equal(response.status, 200);
  return (await response.json()) as JSONWebKeySet;
}

function rotateOverHttp(server: TestServer, poolId: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/_keypool/pools/${poolId}/rotate-keys`, { method: 'POST', headers });
}

/** `keypool rotate-keys` in this process, on the store the server uses. */
async function rotateFromCli(server: TestServer, poolId: string): Promise<void> {
  const { config } = server.keypool.app;
  const where = config.databaseUrl ? ['--db', config.databaseUrl] : ['--data-dir', config.dataDir];
  const log = console.log;
  console.log = () => undefined;
  try {
    await main(['rotate-keys', '--pool', poolId, ...where]);
  } finally {
    console.log = log;
  }
}

async function verifies(server: TestServer, poolId: string, jwt: string): Promise<boolean> {
  const keySet = createLocalJWKSet(await jwks(server, poolId));
  return jwtVerify(jwt, keySet, { currentDate: new Date(server.clock.now()) }).then(
    () => true,
    () => false,
  );
}

describe('signing-key rotation', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  it('rotates over HTTP: old tokens verify, new tokens carry the new kids, the JWKS sheds retired keys in time', async () => {
    const { poolId, clientId, username } = await poolWithUser(server.cognito);
    const old = await signIn(server.cognito, clientId, username);
    assert.equal((await jwks(server, poolId)).keys.length, 2);

    const response = await rotateOverHttp(server, poolId);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), null, 'never shared with other origins');
    const { keys } = (await response.json()) as { keys: { id: string; access: string } };
    assert.notEqual(keys.id, kidOf(old.IdToken!));
    assert.notEqual(keys.access, kidOf(old.AccessToken!));

    const kids = (await jwks(server, poolId)).keys.map((k) => k.kid).sort();
    assert.deepEqual(kids, [kidOf(old.IdToken!), kidOf(old.AccessToken!), keys.id, keys.access].sort());
    // Tokens of the old keys keep working and verifying.
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: old.AccessToken! }))).Username, username);
    assert.ok(await verifies(server, poolId, old.IdToken!));

    const fresh = await signIn(server.cognito, clientId, username);
    assert.equal(kidOf(fresh.IdToken!), keys.id);
    assert.equal(kidOf(fresh.AccessToken!), keys.access);
    assert.ok(await verifies(server, poolId, fresh.IdToken!));

    // Still listed just inside the longest token lifetime; gone after it.
    server.clock.advance(RETENTION.tokenLifetimeMs - 60_000);
    assert.equal((await jwks(server, poolId)).keys.length, 4);
    server.clock.advance(2 * 60_000);
    assert.deepEqual((await jwks(server, poolId)).keys.map((k) => k.kid).sort(), [keys.id, keys.access].sort());
    // The sweep removes them from the store as well.
    await server.keypool.app.store.sweep(server.clock.now());
    assert.equal((await server.keypool.app.store.keys.listForPool(poolId)).length, 2);
    const later = await signIn(server.cognito, clientId, username);
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: later.AccessToken! }))).Username, username);
  });

  it('refuses an unknown pool and a cross-site request', async () => {
    const unknown = await rotateOverHttp(server, 'us-east-1_Nope12345');
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { message: 'User pool us-east-1_Nope12345 does not exist.' });
    const { poolId, clientId, username } = await poolWithUser(server.cognito);
    const before = kidOf((await signIn(server.cognito, clientId, username)).AccessToken!);
    const crossSite = await rotateOverHttp(server, poolId, { Origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.equal(kidOf((await signIn(server.cognito, clientId, username)).AccessToken!), before, 'nothing rotated');
  });
});

describe('signing-key rotation with admin credentials', () => {
  const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' };
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ adminCredentials: [credentials] });
  });
  after(() => server?.dispose());

  it('answers only HTTP Basic admin credentials', async () => {
    const { poolId } = await poolWithUser(server.cognito);
    const anonymous = await rotateOverHttp(server, poolId);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic /);
    const wrong = await rotateOverHttp(server, poolId, { Authorization: `Basic ${Buffer.from('AKIDTEST:nope').toString('base64')}` });
    assert.equal(wrong.status, 401);
    const basic = Buffer.from(`${credentials.accessKeyId}:${credentials.secretAccessKey}`).toString('base64');
    assert.equal((await rotateOverHttp(server, poolId, { Authorization: `Basic ${basic}` })).status, 200);
  });
});

describe('signing-key rotation across two nodes', () => {
  let a: TestServer;
  let b: TestServer;
  before(async () => {
    a = await startTestServer();
    b = await startTestServer({}, { dataDir: a.dataDir, clock: a.clock });
  });
  after(async () => {
    await b?.stop();
    await a?.dispose();
  });

  it('rotates from the command line; each node signs with the new keys within a minute and verifies both', async () => {
    const { poolId, clientId, username } = await poolWithUser(a.cognito);
    const old = await signIn(a.cognito, clientId, username);
    assert.equal((await b.cognito.send(new GetUserCommand({ AccessToken: old.AccessToken! }))).Username, username);

    await rotateFromCli(a, poolId);
    const kids = (await jwks(b, poolId)).keys.map((k) => k.kid);
    // b cached the pool's keys a moment ago: the JWKS it serves may lag a minute, never more.
    a.clock.advance(61_000);
    const listed = (await jwks(b, poolId)).keys.map((k) => k.kid);
    assert.equal(listed.length, 4, `after a minute b lists old and new keys (had ${kids.length})`);
    const fresh = await signIn(a.cognito, clientId, username);
    assert.notEqual(kidOf(fresh.AccessToken!), kidOf(old.AccessToken!));
    assert.ok(listed.includes(kidOf(fresh.AccessToken!)));
    for (const node of [a, b]) {
      for (const token of [old.AccessToken!, fresh.AccessToken!]) {
        assert.equal((await node.cognito.send(new GetUserCommand({ AccessToken: token }))).Username, username);
      }
    }
  });

  it('a node that has not seen a rotation reloads its keys for an unknown kid', async () => {
    const { poolId, clientId, username } = await poolWithUser(a.cognito);
    const old = await signIn(a.cognito, clientId, username);
    // b caches the pool's keys now.
    assert.equal((await b.cognito.send(new GetUserCommand({ AccessToken: old.AccessToken! }))).Username, username);
    assert.equal((await rotateOverHttp(a, poolId)).status, 200);
    const fresh = await signIn(a.cognito, clientId, username);
    assert.notEqual(kidOf(fresh.AccessToken!), kidOf(old.AccessToken!));
    assert.equal((await b.cognito.send(new GetUserCommand({ AccessToken: fresh.AccessToken! }))).Username, username);
  });

  it('refuses to rotate a pool that does not exist from the command line', async () => {
    await assert.rejects(rotateFromCli(a, 'us-east-1_Nope12345'), /User pool us-east-1_Nope12345 does not exist/);
    await assert.rejects(main(['rotate-keys', '--data-dir', a.dataDir]), /rotate-keys needs --pool/);
  });
});

describe('signing keys encrypted at rest', () => {
  const kek = randomBytes(32);
  let server: TestServer;
  let dataDir: string;

  after(() => server?.dispose());

  /** Every stored private key of the pool, as the store holds it. */
  const stored = async (poolId: string) => (await server.keypool.app.store.keys.listForPool(poolId)).map((k) => k.privateKeyPem);

  it('reads the key as 64 hex digits or base64, and refuses anything else', () => {
    assert.deepEqual(parseKeyEncryptionKey(kek.toString('hex')), kek);
    assert.deepEqual(parseKeyEncryptionKey(kek.toString('base64')), kek);
    assert.deepEqual(parseKeyEncryptionKey(kek.toString('base64url')), kek);
    for (const bad of ['', 'short', randomBytes(16).toString('hex'), randomBytes(33).toString('base64'), 'z'.repeat(64)]) {
      assert.throws(() => parseKeyEncryptionKey(bad), /KEYPOOL_KEY_ENCRYPTION_KEY must be 32 bytes/);
    }
  });

  it('keeps plain keys made before the key was set working, and seals every key made after', async () => {
    server = await startTestServer();
    dataDir = server.dataDir;
    const plain = await poolWithUser(server.cognito);
    const before = await signIn(server.cognito, plain.clientId, plain.username);
    assert.ok((await stored(plain.poolId)).every((pem) => pem.startsWith('-----BEGIN PRIVATE KEY-----')));

    await server.stop();
    server = await startTestServer({ keyEncryptionKey: kek }, { dataDir, clock: server.clock });
    // The plain keys still sign and verify.
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: before.AccessToken! }))).Username, plain.username);
    const again = await signIn(server.cognito, plain.clientId, plain.username);
    assert.equal(kidOf(again.AccessToken!), kidOf(before.AccessToken!));

    // A new pool's keys are sealed; so are the plain pool's keys once rotated.
    const sealed = await poolWithUser(server.cognito);
    assert.ok((await stored(sealed.poolId)).every((pem) => /^enc:v1:[\w-]+:[\w-]+:[\w-]+$/.test(pem)));
    const tokens = await signIn(server.cognito, sealed.clientId, sealed.username);
    assert.ok(await verifies(server, sealed.poolId, tokens.IdToken!));
    assert.equal((await rotateOverHttp(server, plain.poolId)).status, 200);
    const active = (await server.keypool.app.store.keys.listForPool(plain.poolId)).filter((k) => k.retiredAt === undefined);
    assert.ok(active.every((k) => k.privateKeyPem.startsWith('enc:v1:')));
    const rotated = await signIn(server.cognito, plain.clientId, plain.username);
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: rotated.AccessToken! }))).Username, plain.username);

    // Once the retired plain keys are swept, every stored key is sealed.
    server.clock.advance(RETENTION.tokenLifetimeMs + 60_000);
    await server.keypool.app.store.sweep(server.clock.now());
    for (const poolId of [plain.poolId, sealed.poolId]) {
      assert.ok((await stored(poolId)).every((pem) => pem.startsWith('enc:v1:') && !pem.includes('PRIVATE KEY')));
    }
    const last = await signIn(server.cognito, sealed.clientId, sealed.username);
    assert.ok(await verifies(server, sealed.poolId, last.AccessToken!));
  });

  it('writes no PEM to the database files when the key is set from the start', async () => {
    const fresh = await startTestServer({ keyEncryptionKey: kek });
    try {
      const { poolId, clientId, username } = await poolWithUser(fresh.cognito);
      assert.equal((await rotateOverHttp(fresh, poolId)).status, 200);
      assert.ok((await signIn(fresh.cognito, clientId, username)).AccessToken);
      const keys = await fresh.keypool.app.store.keys.listForPool(poolId);
      assert.equal(keys.length, 4);
      assert.ok(keys.every((k) => k.privateKeyPem.startsWith('enc:v1:')));
      if (fresh.keypool.app.store.kind === 'sqlite') {
        await fresh.stop();
        for (const file of ['keypool.sqlite', 'keypool.sqlite-wal']) {
          const path = join(fresh.dataDir, file);
          if (existsSync(path)) assert.ok(!readFileSync(path).includes('PRIVATE KEY'), `${file} holds no PEM`);
        }
      }
    } finally {
      await fresh.dispose().catch(() => undefined);
    }
  });

  it('refuses to start without the key, or with the wrong one, saying what to do', async () => {
    const clock = server.clock;
    await server.stop();
    await assert.rejects(startTestServer({}, { dataDir, clock }), /encrypted, but KEYPOOL_KEY_ENCRYPTION_KEY is not set/);
    await assert.rejects(
      startTestServer({ keyEncryptionKey: randomBytes(32) }, { dataDir, clock }),
      /does not decrypt with KEYPOOL_KEY_ENCRYPTION_KEY/,
    );
    // The command line refuses the same way, before changing anything.
    const { config } = server.keypool.app;
    const where = config.databaseUrl ? ['--db', config.databaseUrl] : ['--data-dir', dataDir];
    await assert.rejects(main(['rotate-keys', '--pool', 'us-east-1_Any123', ...where]), /KEYPOOL_KEY_ENCRYPTION_KEY is not set/);
    server = await startTestServer({ keyEncryptionKey: kek }, { dataDir, clock });
    const { poolId, clientId } = await poolWithUser(server.cognito);
    await createUser(server.cognito, poolId, 'late');
    assert.ok((await signIn(server.cognito, clientId, 'late')).AccessToken);
  });
});
