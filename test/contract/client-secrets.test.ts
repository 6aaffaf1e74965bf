// AddUserPoolClientSecret, ListUserPoolClientSecrets and DeleteUserPoolClientSecret through the real
// SDK: two secrets at once for rotation, each accepted wherever a secret is checked.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserPoolClientSecretCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  ListUserPoolClientSecretsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, createPool, createUser, expectError, passwordAuth, PASSWORD } from '../support/fixtures.js';

const CUSTOM_SECRET = 'my0custom0secret0of0thirty0two0c';

describe('app client secrets', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito)).Id!;
    await createUser(server.cognito, poolId, 'alice');
  });
  after(() => server.dispose());

  const add = (clientId: string, secret?: string) =>
    server.cognito.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: secret }));
  const list = async (clientId: string) =>
    (await server.cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
  const remove = (clientId: string, secretId: string) =>
    server.cognito.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: secretId }));
  const signInWith = (clientId: string, secret: string) =>
    passwordAuth(server.cognito, clientId, { USERNAME: 'alice', PASSWORD, SECRET_HASH: computeSecretHash(secret, 'alice', clientId) });

  it('lists the secret a client was created with, without its value', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const secrets = await list(client.ClientId!);
    assert.equal(secrets.length, 1);
    assert.equal(secrets[0]!.ClientSecretId, `${client.ClientId}--${client.CreationDate!.getTime()}`);
    assert.deepEqual(secrets[0]!.ClientSecretCreateDate, client.CreationDate);
    assert.equal(secrets[0]!.ClientSecretValue, undefined);
  });

  it('rotates: a generated second secret is answered once, both sign in, and the old one goes', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const id = client.ClientId!;
    const first = client.ClientSecret!;
    const { ClientSecretDescriptor: added } = await add(id);
    const second = added!.ClientSecretValue!;
    assert.match(second, /^[\w+]{24,64}$/);
    assert.notEqual(second, first);
    assert.match(added!.ClientSecretId!, new RegExp(`^${id}--\\d+$`));
    assert.deepEqual((await list(id)).map((s) => s.ClientSecretId), [(await list(id))[0]!.ClientSecretId, added!.ClientSecretId]);
    assert.ok((await signInWith(id, first)).AuthenticationResult);
    const signedIn = (await signInWith(id, second)).AuthenticationResult!;
    assert.ok(signedIn);
    // DescribeUserPoolClient keeps showing the original secret until it is deleted.
    const describe = async () => (await server.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }))).UserPoolClient!;
    assert.equal((await describe()).ClientSecret, first);
    // GetTokensFromRefreshToken takes either secret as ClientSecret.
    for (const secret of [first, second]) {
      const refreshed = await server.cognito.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: id, RefreshToken: signedIn.RefreshToken, ClientSecret: secret }),
      );
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
    }

    await remove(id, (await list(id))[0]!.ClientSecretId!);
    assert.deepEqual((await list(id)).map((s) => s.ClientSecretId), [added!.ClientSecretId]);
    assert.equal((await describe()).ClientSecret, second);
    await expectError(signInWith(id, first), 'NotAuthorizedException', `Unable to verify secret hash for client ${id}`);
    assert.ok((await signInWith(id, second)).AuthenticationResult);
  });

  it('takes a secret of the caller\'s choosing and does not echo it', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const { ClientSecretDescriptor: added } = await add(client.ClientId!, CUSTOM_SECRET);
    assert.equal(added!.ClientSecretValue, undefined);
    assert.ok(added!.ClientSecretId);
    assert.ok((await signInWith(client.ClientId!, CUSTOM_SECRET)).AuthenticationResult);
  });

  it('holds two secrets at most, even when many are added at once', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => add(client.ClientId!)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.equal((r.reason as Error).name, 'LimitExceededException');
        assert.equal((r.reason as Error).message, 'An app client can have at most 2 client secrets.');
      }
    }
    assert.equal((await list(client.ClientId!)).length, 2);
  });

  it('never deletes the last secret, and says which secret or client does not exist', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const id = client.ClientId!;
    const [only] = await list(id);
    await expectError(remove(id, only!.ClientSecretId!), 'InvalidParameterException', 'The last remaining secret of an app client cannot be deleted.');
    await expectError(remove(id, `${id}--1`), 'ResourceNotFoundException', `Client secret ${id}--1 does not exist.`);
    assert.equal((await list(id)).length, 1);
    await expectError(list('1example23456789abcdefghij'), 'ResourceNotFoundException', 'User pool client 1example23456789abcdefghij does not exist.');
    await expectError(
      server.cognito.send(new ListUserPoolClientSecretsCommand({ UserPoolId: 'us-east-1_Nope12345', ClientId: id })),
      'ResourceNotFoundException',
      'User pool us-east-1_Nope12345 does not exist.',
    );
  });

  it('refuses a secret for a public client and secrets outside the model', async () => {
    const client = await createClient(server.cognito, poolId);
    await expectError(add(client.ClientId!), 'InvalidParameterException', /secrets can be added only to confidential app clients/);
    assert.deepEqual(await list(client.ClientId!), []);
    const confidential = await createClient(server.cognito, poolId, { GenerateSecret: true });
    await expectError(add(confidential.ClientId!, 'short'), 'InvalidParameterException', /failed to satisfy constraint/);
    await expectError(add(confidential.ClientId!, 'has spaces and is long enough to pass'), 'InvalidParameterException', /regular expression/);
    assert.equal((await list(confidential.ClientId!)).length, 1);
  });
});
