// Ending sign-ins: RevokeToken (one sign-in), GlobalSignOut and AdminUserGlobalSignOut (every sign-in
// of a user), through the real AWS SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { PASSWORD, createClient, createUser, expectError, poolWithClient, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('revocation', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithClient(server.cognito));
    for (const name of ['alice', 'bob', 'carol', 'dan']) await createUser(server.cognito, poolId, name);
  });
  after(() => server.dispose());

  const getUser = (AccessToken: string) => server.cognito.send(new GetUserCommand({ AccessToken }));
  const refresh = (token: string, id = clientId) =>
    server.cognito.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } }));
  const revoke = (Token: string, ClientId = clientId, ClientSecret?: string) =>
    server.cognito.send(new RevokeTokenCommand({ Token, ClientId, ClientSecret }));

  async function assertRevoked(tokens: { AccessToken?: string; RefreshToken?: string }) {
    await expectError(getUser(tokens.AccessToken!), 'NotAuthorizedException', 'Access Token has been revoked');
    await expectError(refresh(tokens.RefreshToken!), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await expectError(
      server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken! })),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  }

  it('RevokeToken ends one sign-in: its refresh token and every access token it gave', async () => {
    const kept = await signIn(server.cognito, clientId, 'alice');
    const ended = await signIn(server.cognito, clientId, 'alice');
    const renewed = (await refresh(ended.RefreshToken!)).AuthenticationResult!;
    assert.deepEqual(Object.keys(await revoke(ended.RefreshToken!)).filter((k) => k !== '$metadata'), []);
    await assertRevoked(ended);
    await expectError(getUser(renewed.AccessToken!), 'NotAuthorizedException', 'Access Token has been revoked');
    // The other sign-in of the same user is untouched.
    assert.equal((await getUser(kept.AccessToken!)).Username, 'alice');
    await refresh(kept.RefreshToken!);
    // Revoking again, or a token keypool never issued, is not an error (RFC 7009 §2.2).
    await revoke(ended.RefreshToken!);
    await revoke('never.issued');
  });

  it('RevokeToken refuses access tokens, tokens of another client, and clients without revocation', async () => {
    const tokens = await signIn(server.cognito, clientId, 'bob');
    await expectError(revoke(tokens.AccessToken!), 'UnsupportedTokenTypeException');
    await expectError(revoke(tokens.IdToken!), 'UnsupportedTokenTypeException');
    const other = (await createClient(server.cognito, poolId)).ClientId!;
    await expectError(revoke(tokens.RefreshToken!, other), 'UnauthorizedException');
    const noRevocation = (await createClient(server.cognito, poolId, { EnableTokenRevocation: false })).ClientId!;
    const kept = await signIn(server.cognito, noRevocation, 'bob');
    await expectError(revoke(kept.RefreshToken!, noRevocation), 'UnsupportedOperationException');
    await refresh(kept.RefreshToken!, noRevocation);
    await expectError(revoke('x', 'nosuchclient0000000000000000'), 'ResourceNotFoundException');
    assert.equal((await getUser(tokens.AccessToken!)).Username, 'bob');
  });

  it('RevokeToken needs the ClientSecret of a client with a secret', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true, ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const id = client.ClientId!;
    const tokens = (
      await server.cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: id,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bob', PASSWORD, SECRET_HASH: computeSecretHash(client.ClientSecret!, 'bob', id) },
        }),
      )
    ).AuthenticationResult!;
    await expectError(revoke(tokens.RefreshToken!, id), 'UnauthorizedException', `Unable to verify client secret for client ${id}`);
    await expectError(revoke(tokens.RefreshToken!, id, 'y'.repeat(51)), 'UnauthorizedException', `Unable to verify client secret for client ${id}`);
    assert.equal((await getUser(tokens.AccessToken!)).Username, 'bob');
    await revoke(tokens.RefreshToken!, id, client.ClientSecret!);
    await expectError(getUser(tokens.AccessToken!), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  it('GlobalSignOut ends every sign-in of the user, and only theirs', async () => {
    const one = await signIn(server.cognito, clientId, 'carol');
    const two = await signIn(server.cognito, clientId, 'carol');
    const bystander = await signIn(server.cognito, clientId, 'bob');
    await server.cognito.send(new GlobalSignOutCommand({ AccessToken: one.AccessToken! }));
    await assertRevoked(one);
    await assertRevoked(two);
    await expectError(server.cognito.send(new GlobalSignOutCommand({ AccessToken: one.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
    assert.equal((await getUser(bystander.AccessToken!)).Username, 'bob');
    // Signing in again works.
    const again = await signIn(server.cognito, clientId, 'carol');
    assert.equal((await getUser(again.AccessToken!)).Username, 'carol');
    await expectError(server.cognito.send(new GlobalSignOutCommand({ AccessToken: 'garbage' })), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('AdminUserGlobalSignOut ends every sign-in of the user', async () => {
    const one = await signIn(server.cognito, clientId, 'dan');
    const two = await signIn(server.cognito, clientId, 'dan');
    await server.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'dan' }));
    await assertRevoked(one);
    await assertRevoked(two);
    await expectError(
      server.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'nobody' })),
      'UserNotFoundException',
      'User does not exist.',
    );
    await expectError(
      server.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: 'us-east-1_nosuchpoo', Username: 'dan' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpoo does not exist.',
    );
  });
});
