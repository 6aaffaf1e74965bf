// Get/UpdateProvisionedLimit through the real SDK: the limit read is the rate the quotas enforce, an
// update is enforced at once on the node that took it and, from the store, on every other node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DescribeUserPoolCommand,
  GetProvisionedLimitCommand,
  UpdateProvisionedLimitCommand,
  type LimitDefinitionType,
} from '@aws-sdk/client-cognito-identity-provider';
import { REFRESH_MS } from '../../src/protocol/provisionedLimits.js';
import { DEFAULT_QUOTAS } from '../../src/protocol/quotas.js';
import { createPool, expectError } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const category = (Category: string): LimitDefinitionType => ({ LimitClass: 'API_CATEGORY', Attributes: { Category } });

describe('provisioned limits', () => {
  let server: TestServer;
  let other: TestServer;
  before(async () => {
    server = await startTestServer({ quotas: { ...DEFAULT_QUOTAS, UserList: 10 } });
    // A second node on the same store (and clock).
    other = await startTestServer({ quotas: { ...DEFAULT_QUOTAS } }, { dataDir: server.dataDir, clock: server.clock });
  });
  after(async () => {
    await other.stop();
    await server.dispose();
  });

  const get = async (Category: string, node = server) =>
    (await node.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: category(Category) }))).Limit!;
  const update = (Category: string, RequestedLimitValue: number) =>
    server.cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition: category(Category), RequestedLimitValue }));
  /** How many DescribeUserPool requests (UserPoolRead) the node answers before TooManyRequestsException, at a frozen clock. */
  const admitted = async (node: TestServer, poolId: string) => {
    for (let count = 0; count < 1000; count++) {
      try {
        await node.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      } catch (error) {
        assert.equal((error as Error).name, 'TooManyRequestsException');
        return count;
      }
    }
    throw new Error('never throttled');
  };

  it('reads the rate enforced: the default, or the configured rate, beside the free rate', async () => {
    assert.deepEqual(await get('UserAuthentication'), {
      LimitDefinition: category('UserAuthentication'),
      ProvisionedLimitValue: DEFAULT_QUOTAS.UserAuthentication,
      FreeLimitValue: DEFAULT_QUOTAS.UserAuthentication,
    });
    assert.equal((await get('UserList')).ProvisionedLimitValue, 10);
    assert.equal((await get('UserList')).FreeLimitValue, DEFAULT_QUOTAS.UserList);
  });

  it('refuses what Cognito refuses, and changes nothing', async () => {
    const free = DEFAULT_QUOTAS.UserCreation;
    await expectError(update('UserCreation', free - 1), 'InvalidParameterException', `The limit of UserCreation cannot be set below its default of ${free} requests per second.`);
    await expectError(update('UserCreation', free * 10 + 1), 'ServiceQuotaExceededException', `The limit of UserCreation cannot exceed the account maximum of ${free * 10} requests per second.`);
    await expectError(update('UserTeleportation', 100), 'ResourceNotFoundException', 'No provisioned limit exists for the category UserTeleportation.');
    await expectError(get('UserTeleportation'), 'ResourceNotFoundException');
    for (const Attributes of [{}, { category: 'UserCreation' }, { Category: 'UserCreation', Pool: 'x' }] as Record<string, string>[]) {
      await expectError(
        server.cognito.send(new GetProvisionedLimitCommand({ LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes } })),
        'InvalidParameterException',
        'An API_CATEGORY limit is named by exactly one attribute, Category.',
      );
    }
    assert.equal((await get('UserCreation')).ProvisionedLimitValue, free);
  });

  it('enforces an updated limit at once, and on the other node once it refreshes', async () => {
    const pool = await createPool(server.cognito);
    const free = DEFAULT_QUOTAS.UserPoolRead;
    assert.equal(await admitted(server, pool.Id!), free);
    assert.equal(await admitted(other, pool.Id!), free);

    const answer = await update('UserPoolRead', free + 10);
    assert.deepEqual(answer.Limit, { LimitDefinition: category('UserPoolRead'), ProvisionedLimitValue: free + 10, FreeLimitValue: free });
    assert.equal((await get('UserPoolRead')).ProvisionedLimitValue, free + 10);

    // A second later the buckets are full again: this node holds the new rate, the other the old one.
    server.clock.advance(1000);
    assert.equal(await admitted(server, pool.Id!), free + 10);
    assert.equal(await admitted(other, pool.Id!), free);
    // Once its copy of the stored limits is older than REFRESH_MS, the other node enforces it too.
    server.clock.advance(REFRESH_MS);
    assert.equal((await get('UserPoolRead', other)).ProvisionedLimitValue, free + 10);
    assert.equal(await admitted(other, pool.Id!), free + 10);
  });

  it('keeps the limit in the store: a restarted node enforces it', async () => {
    await update('UserCreation', DEFAULT_QUOTAS.UserCreation + 5);
    const restarted = await startTestServer({ quotas: { ...DEFAULT_QUOTAS } }, { dataDir: server.dataDir, clock: server.clock });
    try {
      assert.equal((await get('UserCreation', restarted)).ProvisionedLimitValue, DEFAULT_QUOTAS.UserCreation + 5);
    } finally {
      await restarted.stop();
    }
  });
});
