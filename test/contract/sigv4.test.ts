// A keypool with admin credentials of its own verifies SigV4 on IAM-authorized operations, and only there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetUserCommand, InitiateAuthCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { sdkClient, startTestServer, type TestServer } from '../support/server.js';
import { createClient, createPool, createUser, expectError, signIn } from '../support/fixtures.js';

const ADMIN = { accessKeyId: 'AKIDKEYPOOLADMIN', secretAccessKey: 'keypool-admin-secret' };

describe('SigV4 admin credentials', () => {
  let server: TestServer;
  let admin: ReturnType<typeof sdkClient>;
  before(async () => {
    server = await startTestServer({ adminCredentials: [ADMIN] });
    admin = sdkClient(server.url, ADMIN);
  });
  after(async () => {
    admin.destroy();
    await server.dispose();
  });

  it('accepts requests signed with the configured credentials', async () => {
    const pool = await createPool(admin, { PoolName: 'signed' });
    const { UserPools } = await admin.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    assert.ok(UserPools!.some((p) => p.Id === pool.Id));
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const stranger = sdkClient(server.url, { accessKeyId: 'AKIDSTRANGER', secretAccessKey: ADMIN.secretAccessKey });
    try {
      await expectError(
        stranger.send(new ListUserPoolsCommand({ MaxResults: 10 })),
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    } finally {
      stranger.destroy();
    }
  });

  it('refuses a wrong secret with InvalidSignatureException, and changes nothing', async () => {
    const forger = sdkClient(server.url, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: 'not-the-secret' });
    try {
      await expectError(createPool(forger, { PoolName: 'forged' }), 'InvalidSignatureException', /^The request signature we calculated does not match/);
    } finally {
      forger.destroy();
    }
    const { UserPools } = await admin.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    assert.equal(UserPools!.some((p) => p.Name === 'forged'), false);
  });

  it('refuses an unsigned admin request with MissingAuthenticationTokenException', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools' },
      body: JSON.stringify({ MaxResults: 10 }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { __type: string }).__type, 'MissingAuthenticationTokenException');
  });

  it('needs no signature for token-authorized and anonymous operations', async () => {
    const pool = await createPool(admin);
    const client = await createClient(admin, pool.Id!);
    await createUser(admin, pool.Id!, 'dana');
    const tokens = await signIn(admin, client.ClientId!, 'dana');
    const unsigned = async (operation: string, body: unknown) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const user = await unsigned('GetUser', { AccessToken: tokens.AccessToken });
    assert.equal(user.status, 200);
    assert.equal(user.body.Username, 'dana');
    const auth = await unsigned('InitiateAuth', {
      ClientId: client.ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'dana', PASSWORD: 'Passw0rd!' },
    });
    assert.equal(auth.status, 200);
    assert.ok((auth.body.AuthenticationResult as Record<string, unknown>).AccessToken);
    // Any credentials at all (even unknown ones) are ignored on these operations.
    const stranger = sdkClient(server.url, { accessKeyId: 'AKIDSTRANGER', secretAccessKey: 'whatever' });
    try {
      const { Username } = await stranger.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
      assert.equal(Username, 'dana');
      await expectError(
        stranger.send(new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD: 'x' } })),
        'UserNotFoundException',
      );
    } finally {
      stranger.destroy();
    }
  });
});
