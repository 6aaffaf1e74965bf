// CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient, ListUserPoolClients and
// DeleteUserPoolClient through the real SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError, signIn, createUser } from '../support/fixtures.js';

const MISSING_POOL = 'us-east-1_Missing00';
const MISSING_CLIENT = 'nosuchclient0000000000000a';

describe('app clients', () => {
  let server: TestServer;
  let poolId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito, { Schema: [{ Name: 'tenant', AttributeDataType: 'String' }] })).Id!;
  });
  after(() => server.dispose());

  const create = async (input: Partial<CreateUserPoolClientCommandInput> = {}) =>
    (await server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...input }))).UserPoolClient!;
  const describeClient = async (clientId: string) =>
    (await server.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;

  it('creates a client with the defaults Cognito applies', async () => {
    const client = await create();
    assert.match(client.ClientId!, /^[a-z0-9]{26}$/);
    assert.equal(client.UserPoolId, poolId);
    assert.equal(client.ClientName, 'app');
    assert.equal(client.ClientSecret, undefined);
    assert.equal(client.RefreshTokenValidity, 30);
    assert.equal(client.AccessTokenValidity, 60);
    assert.equal(client.IdTokenValidity, 60);
    assert.deepEqual(client.TokenValidityUnits, { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' });
    assert.equal(client.AuthSessionValidity, 3);
    assert.equal(client.PreventUserExistenceErrors, 'LEGACY');
    assert.equal(client.EnableTokenRevocation, true);
    assert.equal(client.EnablePropagateAdditionalUserContextData, false);
    assert.equal(client.AllowedOAuthFlowsUserPoolClient, false);
    assert.equal(client.ExplicitAuthFlows, undefined);
    assert.ok(client.CreationDate instanceof Date);
    assert.deepEqual(await describeClient(client.ClientId!), client);
  });

  it('shows what was configured, with the documented default units', async () => {
    const client = await create({
      ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 2,
      IdTokenValidity: 30,
      RefreshTokenValidity: 0,
      TokenValidityUnits: { IdToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: false,
      AuthSessionValidity: 10,
      ReadAttributes: ['email', 'custom:tenant'],
      WriteAttributes: ['email'],
      SupportedIdentityProviders: ['COGNITO'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 },
    });
    assert.deepEqual(client.ExplicitAuthFlows, ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    assert.equal(client.AccessTokenValidity, 2);
    assert.equal(client.IdTokenValidity, 30);
    assert.equal(client.RefreshTokenValidity, 30);
    assert.deepEqual(client.TokenValidityUnits, { AccessToken: 'hours', IdToken: 'minutes', RefreshToken: 'days' });
    assert.equal(client.PreventUserExistenceErrors, 'ENABLED');
    assert.equal(client.EnableTokenRevocation, false);
    assert.equal(client.AuthSessionValidity, 10);
    assert.deepEqual(client.ReadAttributes, ['email', 'custom:tenant']);
    assert.deepEqual(client.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
  });

  it('generates a secret, or keeps the one given', async () => {
    const generated = await create({ GenerateSecret: true });
    assert.match(generated.ClientSecret!, /^[a-z0-9]{51}$/);
    const given = await create({ GenerateSecret: true, ClientSecret: 'my_own_secret_value_1234567890' });
    assert.equal(given.ClientSecret, 'my_own_secret_value_1234567890');
    assert.equal((await describeClient(given.ClientId!)).ClientSecret, given.ClientSecret);
    await expectError(
      create({ GenerateSecret: false, ClientSecret: 'my_own_secret_value_1234567890' }),
      'InvalidParameterException',
    );
  });

  it('issues tokens with the lifetimes the client configures', async () => {
    const client = await create({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes' } });
    await createUser(server.cognito, poolId, 'carol');
    const tokens = await signIn(server.cognito, client.ClientId!, 'carol');
    assert.equal(tokens.ExpiresIn, 300);
  });

  it('refuses legacy and ALLOW_ flows together, and flows without refresh', async () => {
    await expectError(
      create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
      'InvalidParameterException',
      "You can't assign legacy ExplicitAuthFlows values at the same time as ALLOW_ values",
    );
    await expectError(
      create({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }),
      'InvalidParameterException',
      'REFRESH_TOKEN_AUTH should always be allowed.',
    );
    const legacy = await create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] });
    assert.deepEqual(legacy.ExplicitAuthFlows, ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);
    await expectError(create({ ExplicitAuthFlows: ['ALLOW_EVERYTHING' as never] }), 'InvalidParameterException');
  });

  it('refuses token lifetimes outside Cognito ranges', async () => {
    await expectError(
      create({ AccessTokenValidity: 4, TokenValidityUnits: { AccessToken: 'minutes' } }),
      'InvalidParameterException',
      'AccessTokenValidity must be between 5 minutes and 1 day.',
    );
    await expectError(create({ IdTokenValidity: 25 }), 'InvalidParameterException', 'IdTokenValidity must be between 5 minutes and 1 day.');
    await expectError(
      create({ RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } }),
      'InvalidParameterException',
      'RefreshTokenValidity must be between 60 minutes and 3650 days.',
    );
    await expectError(create({ RefreshTokenValidity: 3651 }), 'InvalidParameterException');
    await expectError(create({ AccessTokenValidity: 0 }), 'InvalidParameterException', /Member must have value greater than or equal to 1/);
    await expectError(create({ AuthSessionValidity: 16 }), 'InvalidParameterException', /authSessionValidity/);
    await expectError(
      create({ RefreshTokenRotation: { Feature: 'DISABLED', RetryGracePeriodSeconds: 5 } }),
      'InvalidParameterException',
    );
  });

  it('refuses attributes the pool does not have and unknown identity providers', async () => {
    await expectError(create({ ReadAttributes: ['custom:nope'] }), 'InvalidParameterException', 'Invalid read attributes specified while creating a client');
    await expectError(create({ WriteAttributes: ['favourite'] }), 'InvalidParameterException', 'Invalid write attributes specified while creating a client');
    await expectError(
      create({ SupportedIdentityProviders: ['COGNITO', 'Facebook'] }),
      'InvalidParameterException',
      `The provider Facebook does not exist for User Pool ${poolId}.`,
    );
  });

  it('answers unknown pools and clients with ResourceNotFoundException', async () => {
    await expectError(
      server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: MISSING_POOL, ClientName: 'x' })),
      'ResourceNotFoundException',
      `User pool ${MISSING_POOL} does not exist.`,
    );
    for (const command of [
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: MISSING_CLIENT }),
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: MISSING_CLIENT }),
      new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: MISSING_CLIENT }),
    ]) {
      await expectError(server.cognito.send(command as never), 'ResourceNotFoundException', `User pool client ${MISSING_CLIENT} does not exist.`);
    }
    const other = await createPool(server.cognito);
    const client = await create();
    await expectError(
      server.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: other.Id, ClientId: client.ClientId })),
      'ResourceNotFoundException',
      `User pool client ${client.ClientId} does not exist.`,
    );
    await expectError(
      server.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: MISSING_POOL })),
      'ResourceNotFoundException',
      `User pool ${MISSING_POOL} does not exist.`,
    );
  });

  it('replaces the configuration on update and keeps name, id and secret', async () => {
    const client = await create({
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 3,
    });
    server.clock.advance(1_000);
    const { UserPoolClient: updated } = await server.cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId, AuthSessionValidity: 5 }),
    );
    assert.equal(updated!.ClientName, 'app');
    assert.equal(updated!.ClientSecret, client.ClientSecret);
    assert.equal(updated!.AuthSessionValidity, 5);
    assert.equal(updated!.ExplicitAuthFlows, undefined);
    assert.equal(updated!.PreventUserExistenceErrors, 'LEGACY');
    assert.equal(updated!.AccessTokenValidity, 60);
    assert.equal(updated!.LastModifiedDate!.getTime() - updated!.CreationDate!.getTime(), 1_000);
    assert.deepEqual(await describeClient(client.ClientId!), updated);

    const renamed = await server.cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId, ClientName: 'renamed' }),
    );
    assert.equal(renamed.UserPoolClient!.ClientName, 'renamed');
    await expectError(
      server.cognito.send(
        new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId, ExplicitAuthFlows: ['ALLOW_USER_AUTH'] }),
      ),
      'InvalidParameterException',
      'REFRESH_TOKEN_AUTH should always be allowed.',
    );
    await expectError(
      server.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId, ReadAttributes: ['nope'] })),
      'InvalidParameterException',
      'Invalid read attributes specified while updating a client',
    );
    assert.equal((await describeClient(client.ClientId!)).ClientName, 'renamed');
  });

  it('lists a pool\'s clients in pages and deletes them', async () => {
    const pool = await createPool(server.cognito);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { UserPoolClient } = await server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id, ClientName: `c${i}` }));
      ids.push(UserPoolClient!.ClientId!);
    }
    const first = await server.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 2 }));
    assert.equal(first.UserPoolClients!.length, 2);
    assert.ok(first.NextToken);
    const second = await server.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id, MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.UserPoolClients!.length, 1);
    assert.equal(second.NextToken, undefined);
    const listed = [...first.UserPoolClients!, ...second.UserPoolClients!];
    assert.deepEqual(listed.map((c) => c.ClientId), [...ids].sort());
    for (const c of listed) assert.deepEqual(Object.keys(c).sort(), ['ClientId', 'ClientName', 'UserPoolId']);

    await expectError(
      server.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, NextToken: first.NextToken })),
      'InvalidParameterException',
      'The NextToken is not valid.',
    );
    const all = await server.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id }));
    assert.equal(all.UserPoolClients!.length, 3);

    await server.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: ids[0] }));
    await expectError(
      server.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: ids[0] })),
      'ResourceNotFoundException',
    );
    await expectError(
      server.cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: ids[1] })),
      'ResourceNotFoundException',
      `User pool client ${ids[1]} does not exist.`,
    );
    const remaining = await server.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: pool.Id }));
    assert.deepEqual(remaining.UserPoolClients!.map((c) => c.ClientId).sort(), ids.slice(1).sort());
  });
});
