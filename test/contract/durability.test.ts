// What was written stays written: across a restart of the server, and across a keypool process
// killed with SIGKILL; SIGTERM stops keypool cleanly.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
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

const BIN = join(process.cwd(), 'bin', 'keypool.js');

/** Starts `keypool serve --port 0` and resolves with the URL it prints once listening. */
function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`keypool did not start: ${output}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`keypool exited with ${code}: ${output}`));
    });
  });
}

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

describe('durability of a keypool process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keypool-process-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every answered write when killed, and stops cleanly on SIGTERM', async () => {
    const first = await serve(dataDir);
    let cognito = sdkClient(first.url);
    const { poolId, clientId } = await poolWithClient(cognito);
    await createUser(cognito, poolId, 'alice');
    const tokens = await signIn(cognito, clientId, 'alice');
    cognito.destroy();
    const killed = exited(first.child);
    first.child.kill('SIGKILL');
    assert.equal((await killed).signal, 'SIGKILL');

    const second = await serve(dataDir);
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
    const stopped = exited(second.child);
    second.child.kill('SIGTERM');
    assert.deepEqual(await stopped, { code: 0, signal: null });
  });
});
