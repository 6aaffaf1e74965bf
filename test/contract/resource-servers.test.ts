// The five resource-server operations through the real SDK: custom scopes, the model's constraints,
// Cognito's errors, pagination with bound page tokens, the per-pool limit, concurrent creation; and
// app clients' AllowedOAuthScopes, which take standard scopes and the pool's custom ones only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  type ResourceServerScopeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { MAX_RESOURCE_SERVERS_PER_POOL } from '../../src/oauth/resourceServers.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError, poolWithClient, tampered } from '../support/fixtures.js';

const SCOPES: ResourceServerScopeType[] = [
  { ScopeName: 'read', ScopeDescription: 'Read orders' },
  { ScopeName: 'write', ScopeDescription: 'Place orders' },
];

describe('resource servers', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const create = (UserPoolId: string, Identifier: string, Scopes = SCOPES, Name = 'Orders API') =>
    server.cognito.send(new CreateResourceServerCommand({ UserPoolId, Identifier, Name, Scopes }));

  it('creates, describes, updates (replacing the scopes) and deletes a resource server', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const { ResourceServer } = await create(poolId, 'https://api.example.com/orders');
    assert.deepEqual(ResourceServer, { UserPoolId: poolId, Identifier: 'https://api.example.com/orders', Name: 'Orders API', Scopes: SCOPES });
    const described = await server.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com/orders' }));
    assert.deepEqual(described.ResourceServer, ResourceServer);

    const updated = await server.cognito.send(
      new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com/orders', Name: 'Orders', Scopes: [SCOPES[0]!] }),
    );
    assert.deepEqual(updated.ResourceServer, { UserPoolId: poolId, Identifier: 'https://api.example.com/orders', Name: 'Orders', Scopes: [SCOPES[0]] });
    const cleared = await server.cognito.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com/orders', Name: 'Orders' }));
    assert.deepEqual(cleared.ResourceServer!.Scopes, []);

    await server.cognito.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com/orders' }));
    await expectError(
      server.cognito.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com/orders' })),
      'ResourceNotFoundException',
      `Resource server https://api.example.com/orders does not exist in user pool ${poolId}.`,
    );
  });

  it("answers Cognito's errors: a taken identifier, a scope named twice, an unknown server or pool, the model's constraints", async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    await create(poolId, 'orders');
    await expectError(create(poolId, 'orders'), 'InvalidParameterException', 'A resource server with identifier orders already exists in this user pool.');
    await expectError(create(poolId, 'twice', [SCOPES[0]!, { ScopeName: 'read', ScopeDescription: 'again' }]), 'InvalidParameterException', /read is given twice/);
    await expectError(
      server.cognito.send(new UpdateResourceServerCommand({ UserPoolId: poolId, Identifier: 'nobody', Name: 'x' })),
      'ResourceNotFoundException',
    );
    await expectError(server.cognito.send(new DeleteResourceServerCommand({ UserPoolId: poolId, Identifier: 'nobody' })), 'ResourceNotFoundException');
    await expectError(create('us-east-1_Missing00', 'orders'), 'ResourceNotFoundException', 'User pool us-east-1_Missing00 does not exist.');
    await expectError(create(poolId, 'has space'), 'InvalidParameterException', /identifier/i);
    await expectError(create(poolId, 'slashes', [{ ScopeName: 'a/b', ScopeDescription: 'x' }]), 'InvalidParameterException', /scopeName/);
    await expectError(create(poolId, 'empty', [{ ScopeName: 'x', ScopeDescription: '' }]), 'InvalidParameterException', /scopeDescription/);
    // Nothing was created by a refused request.
    const { ResourceServers } = await server.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 50 }));
    assert.deepEqual(ResourceServers!.map((s) => s.Identifier), ['orders']);
  });

  it('lists by identifier in pages whose tokens are bound to the pool, up to the per-pool limit, created concurrently', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    const identifiers = Array.from({ length: MAX_RESOURCE_SERVERS_PER_POOL + 3 }, (_, i) => `api-${String(i).padStart(2, '0')}`);
    const results = await Promise.allSettled(identifiers.map((id) => create(poolId, id)));
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    assert.equal(refused.length, 3);
    for (const r of refused) assert.equal((r.reason as Error).name, 'LimitExceededException');

    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await server.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10, NextToken }));
      seen.push(...page.ResourceServers!.map((s) => s.Identifier!));
      NextToken = page.NextToken;
      if (NextToken) {
        const other = (await createPool(server.cognito)).Id!;
        await expectError(server.cognito.send(new ListResourceServersCommand({ UserPoolId: other, MaxResults: 10, NextToken })), 'InvalidParameterException');
        await expectError(server.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10, NextToken: tampered(NextToken) })), 'InvalidParameterException');
      }
    } while (NextToken);
    assert.equal(seen.length, MAX_RESOURCE_SERVERS_PER_POOL);
    assert.deepEqual(seen, [...seen].sort());
  });

  it("app clients' AllowedOAuthScopes take standard scopes and the pool's custom ones, nothing else", async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await create(poolId, 'orders');
    const settings = { AllowedOAuthFlows: ['client_credentials' as const], AllowedOAuthFlowsUserPoolClient: true };
    const created = await server.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'm2m', GenerateSecret: true, ...settings, AllowedOAuthScopes: ['orders/read', 'orders/write'] }),
    );
    assert.deepEqual(created.UserPoolClient!.AllowedOAuthScopes, ['orders/read', 'orders/write']);
    for (const scope of ['orders/delete', 'billing/read', 'Cognito', 'orders']) {
      await expectError(
        server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bad', AllowedOAuthScopes: [scope] })),
        'ScopeDoesNotExistException',
        `Invalid scope requested: ${scope}`,
      );
    }
    await expectError(
      server.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, AllowedOAuthScopes: ['openid', 'orders/nope'] })),
      'ScopeDoesNotExistException',
      'Invalid scope requested: orders/nope',
    );
    const updated = await server.cognito.send(
      new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, AllowedOAuthScopes: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin', 'orders/read'] }),
    );
    assert.equal(updated.UserPoolClient!.AllowedOAuthScopes!.length, 6);
  });

  it('client_credentials goes neither with the code or implicit flow nor without a secret (InvalidOAuthFlowException)', async () => {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await create(poolId, 'orders');
    const machine = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthScopes: ['orders/read'] };
    await expectError(
      server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'm', GenerateSecret: true, ...machine, AllowedOAuthFlows: ['client_credentials', 'code'] })),
      'InvalidOAuthFlowException',
      'client_credentials flow can not be selected along with code flow or implicit flow.',
    );
    await expectError(
      server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'm', ...machine, AllowedOAuthFlows: ['client_credentials'] })),
      'InvalidOAuthFlowException',
      'client_credentials flow can not be selected if client does not have a client secret.',
    );
    await expectError(
      server.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ...machine, AllowedOAuthFlows: ['client_credentials'] })),
      'InvalidOAuthFlowException',
    );
  });

  it('goes with its pool', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    await create(poolId, 'orders');
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(await server.keypool.app.store.resourceServers.get(poolId, 'orders'), undefined);
  });
});
