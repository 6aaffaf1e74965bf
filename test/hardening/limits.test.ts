// Limits a client cannot talk its way past: header size, slow clients, open connections, request
// body size, and the sweep that keeps expired single-use records from piling up.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  InitiateAuthCommand,
  RevokeTokenCommand,
  RespondToAuthChallengeCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createUser, expectError, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { passkeyPool } from '../support/userAuth.js';

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with what the server sent once it closes the connection, or with undefined after `withinMs`. */
function closedWithin(socket: Socket, withinMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let received = '';
    const timer = setTimeout(() => resolve(undefined), withinMs);
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

describe('connection limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ headersTimeoutMs: 400, requestTimeoutMs: 800, maxConnections: 6 });
  });
  after(() => server?.dispose());

  it('answers 431 to request headers over 16 KiB', async () => {
    const response = await fetch(`${server.url}/health`, { headers: { 'x-padding': 'a'.repeat(20_000) } });
    assert.equal(response.status, 431);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  });

  it('refuses a body over 1 MiB without reading it all', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools', 'Content-Type': 'application/x-amz-json-1.1' },
      body: `{"MaxResults":1,"x":"${'a'.repeat(1024 * 1024)}"}`,
    });
    assert.equal(response.status, 413);
  });

  it('cuts off a client that sends its headers a byte at a time (slowloris)', async () => {
    const socket = await open(server.url);
    socket.write('POST / HTTP/1.1\r\nHost: keypool\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: y\r\n'), 100);
    const started = performance.now();
    const answer = await closedWithin(socket, 5000);
    clearInterval(drip);
    assert.notEqual(answer, undefined, 'the connection was closed');
    assert.ok(performance.now() - started < 3000, 'within the headers timeout and one check interval');
    assert.match(answer!, /^$|^HTTP\/1\.1 408/);
  });

  it('cuts off a client that sends its body too slowly', async () => {
    const socket = await open(server.url);
    socket.write('POST / HTTP/1.1\r\nHost: keypool\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nContent-Length: 1000\r\n\r\n{');
    const drip = setInterval(() => socket.writable && socket.write(' '), 100);
    const answer = await closedWithin(socket, 5000);
    clearInterval(drip);
    assert.notEqual(answer, undefined, 'the connection was closed');
  });

  it('serves at most maxConnections at once and recovers when they close', async () => {
    const held = await Promise.all(Array.from({ length: 6 }, () => open(server.url)));
    const extra = await open(server.url).catch(() => undefined);
    if (extra) {
      // Node accepts and immediately destroys a connection over the limit.
      assert.notEqual(await closedWithin(extra, 2000), undefined, 'the connection over the limit was closed');
    }
    for (const socket of held) socket.destroy();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
      status = await fetch(`${server.url}/health`, { headers: { Connection: 'close' } }).then(
        (r) => r.status,
        () => 0,
      );
    }
    assert.equal(status, 200);
  });
});

describe('sweeping expired records', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  const count = (table: string): number | undefined => {
    if (server.keypool.app.store.kind !== 'sqlite') return undefined;
    const db = new Database(join(server.dataDir, 'keypool.sqlite'), { readonly: true });
    try {
      return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('removes expired sessions, challenges, codes and refresh tokens, and keeps live ones', async () => {
    const { cognito, clock } = server;
    const { poolId, clientId } = await passkeyPool(cognito);
    const store = server.keypool.app.store;
    const sessions: string[] = [];
    for (let i = 0; i < 20; i++) {
      await createUser(cognito, poolId, `user-${i}`, { email: `user-${i}@example.com`, email_verified: 'true' });
      const tokens = await signIn(cognito, clientId, `user-${i}`);
      await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: tokens.AccessToken! }));
      const started = await cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: `user-${i}`, PREFERRED_CHALLENGE: 'EMAIL_OTP' } }),
      );
      sessions.push(started.Session!);
    }
    const before = { sessions: count('auth_sessions'), challenges: count('registration_challenges'), codes: count('codes'), refresh: count('refresh_tokens') };

    // Nothing has expired yet: the sweep keeps everything.
    assert.equal(await store.sweep(clock.now()), 0);

    // Past every lifetime (refresh tokens: 30 days, kept a day and an hour past expiry so that no
    // access token of theirs is left) and the hour spent records are kept for replays.
    clock.advance(32 * 24 * 3600_000);
    const live = await createUser(cognito, poolId, 'late', { email: 'late@example.com', email_verified: 'true' }).then(() =>
      signIn(cognito, clientId, 'late'),
    );
    const removed = await store.sweep(clock.now());
    assert.ok(removed >= 100, `swept ${removed} rows (sessions, challenges, codes, refresh tokens and their sign-ins)`);
    if (before.sessions !== undefined) {
      assert.ok(before.sessions >= 20 && before.challenges! >= 20 && before.codes! >= 20 && before.refresh! >= 20);
      assert.equal(count('auth_sessions'), 0);
      assert.equal(count('registration_challenges'), 0);
      assert.equal(count('codes'), 0);
      assert.equal(count('refresh_tokens'), 1, 'the live refresh token is kept');
    }
    assert.equal(await store.sweep(clock.now()), 0, 'a second sweep finds nothing');

    // A swept session is refused as an unknown one, and the live sign-in still works.
    await expectError(
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'EMAIL_OTP',
          Session: sessions[0],
          ChallengeResponses: { USERNAME: 'user-0', EMAIL_OTP_CODE: '123456' },
        }),
      ),
      'NotAuthorizedException',
    );
    await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: live.AccessToken! }));
  });
});

describe('sweeping everything that grows', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  it('forgets failure counters, revoked and spent sign-ins, retired keys and old outbox messages, each in its time', async () => {
    const { cognito, clock } = server;
    const { store, keys } = server.keypool.app;
    const { poolId, clientId } = await passkeyPool(cognito);
    await createUser(cognito, poolId, 'kept', { email: 'kept@example.com', email_verified: 'true' });
    await createUser(cognito, poolId, 'revoked', { email: 'revoked@example.com', email_verified: 'true' });
    await createUser(cognito, poolId, 'careless', { email: 'careless@example.com', email_verified: 'true' });
    const revoked = await signIn(cognito, clientId, 'revoked');
    await cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: revoked.RefreshToken! }));
    const revokedJti = originJti(revoked.AccessToken!);
    await expectError(signIn(cognito, clientId, 'careless', 'Wrong-passw0rd'), 'NotAuthorizedException');
    await store.outbox.add({
      id: `msg-${clock.now()}`,
      poolId,
      username: 'careless',
      channel: 'EMAIL',
      destination: 'careless@example.com',
      purpose: 'SIGN_UP',
      message: 'Your confirmation code is {####}',
      createdAt: clock.now(),
    });
    assert.equal((await store.outbox.list({ poolId, limit: 10 })).length, 1);
    await keys.rotate(poolId, 'access');
    assert.equal((await store.keys.listForPool(poolId)).length, 3);

    // 16 minutes: the failure counter has served its window.
    clock.advance(16 * 60_000);
    await store.sweep(clock.now());
    assert.equal(await store.attempts.get(poolId, 'careless', 'PASSWORD'), undefined);
    assert.ok(await store.tokens.getFamily(revokedJti), 'a revoked sign-in stays while its access tokens may live');

    // A day and an hour after revocation and retirement: no token of either can still be valid.
    const live = await signIn(cognito, clientId, 'kept');
    clock.advance(25 * 3600_000);
    await store.sweep(clock.now());
    assert.equal(await store.tokens.getFamily(revokedJti), undefined);
    assert.ok(await store.tokens.getFamily(originJti(live.AccessToken!)), 'a sign-in with a live refresh token stays');
    assert.equal((await store.keys.listForPool(poolId)).length, 2);
    assert.equal((await store.outbox.list({ poolId, limit: 10 })).length, 1, 'outbox messages stay a week');

    // A week: the outbox message goes; a refreshed sign-in still works.
    clock.advance(6 * 24 * 3600_000);
    await store.sweep(clock.now());
    assert.equal((await store.outbox.list({ poolId, limit: 10 })).length, 0);
    const refreshed = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: live.RefreshToken! } }),
    );
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
  });
});

const originJti = (jwt: string) => String(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).origin_jti);
