// What was written stays written: across a restart of the server, and across a keypool process
// killed with SIGKILL; SIGTERM stops keypool cleanly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createUser, poolWithClient, signIn } from '../support/fixtures.js';
import { serve, stop } from '../support/process.js';
import { sdkClient, startTestServer } from '../support/server.js';

describe('durability across a restart', () => {
  it('keeps pools, users, passwords, refresh tokens and signing keys', async () => {
    let server = await startTestServer();
    try {
      const { poolId, clientId } = await poolWithClient(server.cognito);
      await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com' });
      const before = await signIn(server.cognito, clientId, 'alice');
      const jwksBefore = await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json();

      server = await server.restart();

      assert.equal((await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Id, poolId);
      assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }))).UserStatus, 'CONFIRMED');
      assert.deepEqual(await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json(), jwksBefore);
      // Tokens issued before the restart still verify and still work.
      const issuer = `${server.url}/${poolId}`;
      await jwtVerify(before.AccessToken!, createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)), { issuer, currentDate: new Date(server.clock.now()) });
      assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: before.AccessToken! }))).Username, 'alice');
      const renewed = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before.RefreshToken! } }),
      );
      assert.ok(renewed.AuthenticationResult?.AccessToken);
      await signIn(server.cognito, clientId, 'alice');
    } finally {
      await server.dispose();
    }
  });
});

describe('durability of a keypool process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keypool-process-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every answered write when killed, and stops cleanly on SIGTERM', async () => {
    const first = await serve(['--port', '0', '--data-dir', dataDir]);
    let cognito = sdkClient(first.url);
    const { poolId, clientId } = await poolWithClient(cognito);
    await createUser(cognito, poolId, 'alice');
    const tokens = await signIn(cognito, clientId, 'alice');
    cognito.destroy();
    assert.equal((await stop(first.child, 'SIGKILL'))?.signal, 'SIGKILL');

    const second = await serve(['--port', '0', '--data-dir', dataDir]);
    cognito = sdkClient(second.url);
    try {
      assert.equal((await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }))).UserStatus, 'CONFIRMED');
      await signIn(cognito, clientId, 'alice');
      const renewed = await cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
      );
      assert.ok(renewed.AuthenticationResult?.AccessToken);
    } finally {
      cognito.destroy();
    }
    assert.deepEqual(await stop(second.child, 'SIGTERM'), { code: 0, signal: null });
  });
});
