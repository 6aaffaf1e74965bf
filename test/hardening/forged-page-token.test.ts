// Forging page tokens: a NextToken / PaginationToken was its payload and an unkeyed SHA-256 of scope
// and payload, so anyone who read the code could make a token for any position of any listing. The
// tag is now an HMAC under a key derived from the server secret, which is made once per installation
// and kept in the store: tokens forged the old way, or with a guessed key, are refused; genuine ones
// keep working after a restart.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ListUsersCommand, ListWebAuthnCredentialsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createUser, expectError, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { passkeyPool, registerPasskey } from '../support/userAuth.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';

const b64u = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A token for `after` in the listing `scope`, tagged as the old code did: SHA-256, no key. */
function forgedUnkeyed(scope: string, after: string): string {
  const payload = b64u(after);
  return `${payload}.${createHash('sha256').update(`${scope}\n${payload}`).digest().subarray(0, 16).toString('base64url')}`;
}

/** The same with an HMAC under a key an attacker might guess. */
function forgedWithKey(key: string, scope: string, after: string): string {
  const payload = b64u(after);
  return `${payload}.${createHmac('sha256', key).update(`${scope}\n${payload}`).digest().subarray(0, 16).toString('base64url')}`;
}

describe('page tokens', () => {
  let server: TestServer;
  let poolId: string;
  let poolCreatedAt: number;
  let accessToken: string;
  before(async () => {
    server = await startTestServer();
    let clientId: string;
    ({ poolId, clientId } = await passkeyPool(server.cognito));
    poolCreatedAt = (await server.keypool.app.store.pools.get(poolId))!.createdAt;
    for (const name of ['ann', 'ben', 'cat']) await createUser(server.cognito, poolId, name);
    accessToken = (await signIn(server.cognito, clientId, 'ann')).AccessToken!;
    for (let i = 0; i < 3; i++) await registerPasskey(server.cognito, accessToken, new SoftAuthenticator());
  });
  after(() => server.dispose());

  const listUsers = (PaginationToken?: string) => server.cognito.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 1, PaginationToken }));
  const listPasskeys = (NextToken?: string) => server.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, MaxResults: 1, NextToken }));

  it('refuses a ListUsers token forged without the key, or with a guessed one', async () => {
    const scope = `users\n${poolId}\n${poolCreatedAt}`;
    for (const token of [forgedUnkeyed(scope, 'ben'), forgedWithKey('', scope, 'ben'), forgedWithKey('keypool', scope, 'ben')]) {
      await expectError(listUsers(token), 'InvalidParameterException', 'Invalid pagination token.');
    }
  });

  it('refuses a ListWebAuthnCredentials token forged without the key', async () => {
    const first = (await listPasskeys()).Credentials![0]!;
    const position = JSON.stringify([first.CreatedAt!.getTime(), first.CredentialId]);
    const token = forgedUnkeyed(`webauthn-credentials\n${poolId}\nann`, position);
    await expectError(listPasskeys(token), 'InvalidParameterException', 'Invalid NextToken.');
  });

  it('accepts the tokens it issued, also after a restart', async () => {
    const users = await listUsers();
    const passkeys = await listPasskeys();
    assert.ok(users.PaginationToken && passkeys.NextToken);
    server = await server.restart();
    assert.equal((await listUsers(users.PaginationToken)).Users![0]!.Username, 'ben');
    const nextPasskeys = await listPasskeys(passkeys.NextToken);
    assert.notEqual(nextPasskeys.Credentials![0]!.CredentialId, passkeys.Credentials![0]!.CredentialId);
  });
});
