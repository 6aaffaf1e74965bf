// Renewing tokens: REFRESH_TOKEN_AUTH (InitiateAuth, AdminInitiateAuth) and GetTokensFromRefreshToken
// with and without refresh-token rotation, through the real AWS SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { PASSWORD, createClient, createUser, expectError, poolWithUser, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const refreshAuth = (cognito: CognitoIdentityProviderClient, clientId: string, params: Record<string, string>, AuthFlow: 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' = 'REFRESH_TOKEN_AUTH') =>
  cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow, AuthParameters: params }));

describe('refresh tokens', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithUser(server.cognito));
  });
  after(() => server.dispose());

  it('renews access and ID tokens of the same sign-in, without a new refresh token', async () => {
    const first = await signIn(server.cognito, clientId, 'alice');
    server.clock.advance(10 * 60_000);
    for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'] as const) {
      const result = await refreshAuth(server.cognito, clientId, { REFRESH_TOKEN: first.RefreshToken! }, flow);
      const renewed = result.AuthenticationResult!;
      assert.equal(renewed.RefreshToken, undefined);
      assert.equal(renewed.TokenType, 'Bearer');
      assert.equal(renewed.ExpiresIn, 3600);
      const before = decodeJwt(first.AccessToken!);
      const now = decodeJwt(renewed.AccessToken!);
      assert.equal(now.origin_jti, before.origin_jti);
      assert.equal(now.auth_time, before.auth_time);
      assert.notEqual(now.jti, before.jti);
      assert.equal(now.iat, Math.floor(server.clock.now() / 1000));
      const id = decodeJwt(renewed.IdToken!);
      assert.equal(id.origin_jti, before.origin_jti);
      assert.equal(id.auth_time, before.auth_time);
      assert.equal(id.email, 'alice@example.com');
    }
    const admin = await server.cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.RefreshToken! } }),
    );
    assert.ok(admin.AuthenticationResult?.AccessToken);
  });

  it('refuses unknown, foreign, expired and revoked refresh tokens', async () => {
    const tokens = await signIn(server.cognito, clientId, 'alice');
    await expectError(refreshAuth(server.cognito, clientId, { REFRESH_TOKEN: 'not.a-token' }), 'NotAuthorizedException', 'Invalid Refresh Token.');
    await expectError(refreshAuth(server.cognito, clientId, {}), 'InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
    const other = (await createClient(server.cognito, poolId)).ClientId!;
    await expectError(refreshAuth(server.cognito, other, { REFRESH_TOKEN: tokens.RefreshToken! }), 'NotAuthorizedException', 'Invalid Refresh Token.');

    await server.cognito.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken! }));
    await expectError(refreshAuth(server.cognito, clientId, { REFRESH_TOKEN: tokens.RefreshToken! }), 'NotAuthorizedException', 'Refresh Token has been revoked');

    const shortLived = (await createClient(server.cognito, poolId, { RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } })).ClientId!;
    const short = await signIn(server.cognito, shortLived, 'alice');
    server.clock.advance(59 * 60_000);
    await refreshAuth(server.cognito, shortLived, { REFRESH_TOKEN: short.RefreshToken! });
    server.clock.advance(60_000);
    await expectError(refreshAuth(server.cognito, shortLived, { REFRESH_TOKEN: short.RefreshToken! }), 'NotAuthorizedException', 'Refresh Token has expired');
  });

  it('refuses the refresh of a disabled user', async () => {
    await createUser(server.cognito, poolId, 'dan');
    const tokens = await signIn(server.cognito, clientId, 'dan');
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dan' }));
    await expectError(refreshAuth(server.cognito, clientId, { REFRESH_TOKEN: tokens.RefreshToken! }), 'NotAuthorizedException');
    await expectError(
      server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken! })),
      'NotAuthorizedException',
    );
  });

  it('checks SECRET_HASH over the username of the sign-in', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const id = client.ClientId!;
    const secret = client.ClientSecret!;
    const signedIn = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: computeSecretHash(secret, 'alice', id) } }),
    );
    const tokens = signedIn.AuthenticationResult!;
    const token = tokens.RefreshToken!;
    await expectError(refreshAuth(server.cognito, id, { REFRESH_TOKEN: token }), 'NotAuthorizedException', `Client ${id} is configured with secret but SECRET_HASH was not received`);
    await expectError(
      refreshAuth(server.cognito, id, { REFRESH_TOKEN: token, SECRET_HASH: computeSecretHash(secret, 'bob', id) }),
      'NotAuthorizedException',
      `SecretHash does not match for the client: ${id}`,
    );
    const result = await refreshAuth(server.cognito, id, { REFRESH_TOKEN: token, SECRET_HASH: computeSecretHash(secret, 'alice', id) });
    assert.ok(result.AuthenticationResult?.AccessToken);

    await expectError(server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: token })), 'NotAuthorizedException', `Unable to verify client secret for client ${id}`);
    await expectError(
      server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: token, ClientSecret: 'x'.repeat(51) })),
      'NotAuthorizedException',
      `Unable to verify client secret for client ${id}`,
    );
    const viaGet = await server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: token, ClientSecret: secret }));
    assert.ok(viaGet.AuthenticationResult?.IdToken);
  });

  it('GetTokensFromRefreshToken without rotation renews access and ID tokens only', async () => {
    const tokens = await signIn(server.cognito, clientId, 'alice');
    const result = await server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken! }));
    const renewed = result.AuthenticationResult!;
    assert.equal(renewed.RefreshToken, undefined);
    assert.equal(decodeJwt(renewed.AccessToken!).origin_jti, decodeJwt(tokens.AccessToken!).origin_jti);
    await expectError(
      server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: 'garbage' })),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    );
  });

  it('rotates refresh tokens when the client asks for it, with a grace period for retries', async () => {
    const client = await createClient(server.cognito, poolId, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 } });
    const id = client.ClientId!;
    const tokens = await signIn(server.cognito, id, 'alice');
    const get = (RefreshToken: string) => server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken }));

    const first = (await get(tokens.RefreshToken!)).AuthenticationResult!;
    assert.ok(first.RefreshToken);
    assert.notEqual(first.RefreshToken, tokens.RefreshToken);
    assert.equal(decodeJwt(first.AccessToken!).origin_jti, decodeJwt(tokens.AccessToken!).origin_jti);

    // A retry within the grace period still works; after it the old token is refused.
    server.clock.advance(5000);
    const retry = (await get(tokens.RefreshToken!)).AuthenticationResult!;
    assert.ok(retry.RefreshToken && retry.RefreshToken !== first.RefreshToken);
    server.clock.advance(5000);
    await expectError(get(tokens.RefreshToken!), 'RefreshTokenReuseException');

    const second = (await get(first.RefreshToken!)).AuthenticationResult!;
    assert.ok(second.RefreshToken);
    await expectError(refreshAuth(server.cognito, id, { REFRESH_TOKEN: second.RefreshToken! }), 'InvalidParameterException');
  });

  it('without a grace period, spends the old refresh token at once; the new one lives for what the old had left', async () => {
    const client = await createClient(server.cognito, poolId, {
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      RefreshTokenValidity: 60,
      TokenValidityUnits: { RefreshToken: 'minutes' },
    });
    const id = client.ClientId!;
    const tokens = await signIn(server.cognito, id, 'alice');
    const get = (RefreshToken: string) => server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken }));
    server.clock.advance(50 * 60_000);
    const next = (await get(tokens.RefreshToken!)).AuthenticationResult!;
    await expectError(get(tokens.RefreshToken!), 'RefreshTokenReuseException', 'Refresh token has been invalidated by rotation');
    server.clock.advance(10 * 60_000);
    await expectError(get(next.RefreshToken!), 'NotAuthorizedException', 'Refresh Token has expired');
  });
});
