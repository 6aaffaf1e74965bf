// The benchmark's set-up is only worth its numbers if what it seeds in bulk is what the API would
// have made: seeded users sign in with their password and their passkey, and minted access tokens
// authorize, on whichever store the suite runs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BenchAuthenticator } from '../bench/authenticator.js';
import { passkeySignIn, passwordSignIn, registrationCeremony } from '../bench/scenarios.js';
import { createBenchPool, mintAccessTokens, openDriver, PASSWORD, seedUsers, usernameOf, type BenchPool } from '../bench/seed.js';
import { parseAnswer, Wire, WireError } from '../bench/wire.js';
import { createPasswordCredential } from '../src/users/passwords.js';
import { startTestServer, type TestServer } from './support/server.js';

const USERS = 250;
const once = { seconds: 0.2, connections: 1 };
const TOKEN_USERS = [...Array.from({ length: 24 }, (_, k) => k * 10), USERS - 1];

describe('benchmark seeding', () => {
  let server: TestServer;
  let pool: BenchPool;
  let tokens: string[];
  const authenticator = new BenchAuthenticator();

  before(async () => {
    server = await startTestServer();
    pool = await createBenchPool(server.url);
    const { config } = server.keypool.app;
    const driver = openDriver(config.dataDir, config.databaseUrl);
    try {
      const now = server.clock.now();
      await seedUsers(driver, pool.poolId, USERS, await createPasswordCredential(pool.poolId, 'bench', PASSWORD, false, now), authenticator.coseKey, now);
      // Enough users that registering for a moment stays under the 20 passkeys each may have.
      tokens = await mintAccessTokens(driver, server.url, pool, TOKEN_USERS);
    } finally {
      await driver.close();
    }
  });
  after(() => server.dispose());

  it('seeds distinct confirmed users with the shared password, each with one passkey', async () => {
    const wire = new Wire(server.url, 1);
    try {
      for (const i of [0, 1, USERS - 1]) {
        const user = await wire.call<{ Username: string; UserStatus: string; UserAttributes: { Name: string; Value: string }[] }>(
          'AdminGetUser',
          { UserPoolId: pool.poolId, Username: usernameOf(i) },
        );
        assert.equal(user.Username, usernameOf(i));
        assert.equal(user.UserStatus, 'CONFIRMED');
        assert.equal(user.UserAttributes.find((a) => a.Name === 'email')?.Value, `${usernameOf(i)}@bench.example`);
      }
      const subs = new Set<string>();
      for (const token of tokens) {
        const user = await wire.call<{ UserAttributes: { Name: string; Value: string }[] }>('GetUser', { AccessToken: token });
        subs.add(user.UserAttributes.find((a) => a.Name === 'sub')!.Value);
        const passkeys = await wire.call<{ Credentials: unknown[] }>('ListWebAuthnCredentials', { AccessToken: token });
        assert.equal(passkeys.Credentials.length, 1);
      }
      assert.equal(subs.size, TOKEN_USERS.length);
      await assert.rejects(wire.call('AdminGetUser', { UserPoolId: pool.poolId, Username: usernameOf(USERS) }), (error: WireError) => {
        assert.equal(error.type, 'UserNotFoundException');
        return true;
      });
    } finally {
      wire.close();
    }
  });

  it('drives the measured flows without an error: passkey and password sign-in, registration', async () => {
    const passkeys = await passkeySignIn(server.url, pool, USERS, authenticator, once);
    assert.equal(passkeys.errors, 0, passkeys.firstError);
    assert.ok(passkeys.completed > 0);
    const passwords = await passwordSignIn(server.url, pool.clientId, (n) => usernameOf(n % USERS), once);
    assert.equal(passwords.errors, 0, passwords.firstError);
    assert.ok(passwords.completed > 0);
    const registrations = await registrationCeremony(server.url, tokens, authenticator, once);
    assert.equal(registrations.errors, 0, registrations.firstError);
    assert.ok(registrations.completed > 0);
  });

  it('counts a refused passkey sign-in as an error', async () => {
    const impostor = new BenchAuthenticator();
    const refused = await passkeySignIn(server.url, pool, USERS, impostor, once);
    assert.equal(refused.completed, 0);
    assert.ok(refused.errors > 0);
    assert.match(refused.firstError ?? '', /NotAuthorizedException/);
  });
});

describe('the load generator reading answers', () => {
  const sized = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

  it('waits for the whole of a sized answer, and stops at its end', () => {
    const two = Buffer.from(sized('{"a":"é"}') + sized('{}'));
    const first = sized('{"a":"é"}').length + 1; // é is two bytes
    assert.equal(parseAnswer(two.subarray(0, first - 1)), undefined);
    assert.deepEqual(parseAnswer(two), { status: 200, body: '{"a":"é"}', length: first, closes: false });
    assert.equal(parseAnswer(two.subarray(first))?.body, '{}');
  });

  it('joins a chunked answer, and notes that the server closes the connection', () => {
    const chunked = 'HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\n{"__\r\n4\r\na":1\r\n1\r\n}\r\n0\r\n\r\n';
    assert.equal(parseAnswer(Buffer.from(chunked.slice(0, -2))), undefined);
    assert.deepEqual(parseAnswer(Buffer.from(chunked)), { status: 400, body: '{"__a":1}', length: chunked.length, closes: true });
  });

  it('refuses an answer with neither a length nor chunks', () => {
    assert.throws(() => parseAnswer(Buffer.from('HTTP/1.1 200 OK\r\n\r\n{}')), /neither a length nor chunks/);
  });
});
