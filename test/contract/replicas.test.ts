// Create/List/Update/DeleteUserPoolReplica through the real SDK, and what a replica serves: tokens
// minted in its region carry its issuer and verify against the JWKS published under it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolReplicaCommand,
  GetUserCommand,
  ListUserPoolReplicasCommand,
  UpdateUserPoolCommand,
  UpdateUserPoolReplicaCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { claims, createPool, expectError, poolWithUser, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const REPLICA_REGION = 'eu-west-1';

describe('user pool replicas', () => {
  let server: TestServer;
  /** A client of the replica's region: posting to `<keypool>/eu-west-1`, signing for eu-west-1. */
  let regional: CognitoIdentityProviderClient;
  before(async () => {
    server = await startTestServer();
    regional = new CognitoIdentityProviderClient({
      region: REPLICA_REGION,
      endpoint: `${server.url}/${REPLICA_REGION}`,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });
  });
  after(async () => {
    regional.destroy();
    await server.dispose();
  });

  const create = (UserPoolId: string, RegionName = REPLICA_REGION, UserPoolTags?: Record<string, string>) =>
    server.cognito.send(new CreateUserPoolReplicaCommand({ UserPoolId, RegionName, UserPoolTags }));
  const list = async (UserPoolId: string) => (await server.cognito.send(new ListUserPoolReplicasCommand({ UserPoolId }))).UserPoolReplicas;
  const setStatus = (UserPoolId: string, Status: 'ACTIVE' | 'INACTIVE', RegionName = REPLICA_REGION) =>
    server.cognito.send(new UpdateUserPoolReplicaCommand({ UserPoolId, RegionName, Status }));
  const fetchJson = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('creates, lists, deactivates and deletes a replica as Cognito answers', async () => {
    const pool = await createPool(server.cognito);
    const replicaArn = pool.Arn!.replace(':us-east-1:', `:${REPLICA_REGION}:`);
    const primary = { RegionName: 'us-east-1', Status: 'ACTIVE', Role: 'PRIMARY', UserPoolArn: pool.Arn };
    assert.deepEqual(await list(pool.Id!), [primary]);

    const created = await create(pool.Id!, REPLICA_REGION, { team: 'identity' });
    assert.deepEqual(created.UserPoolReplica, { RegionName: REPLICA_REGION, Status: 'CREATING', Role: 'SECONDARY', UserPoolArn: replicaArn });
    const secondary = { RegionName: REPLICA_REGION, Status: 'ACTIVE', Role: 'SECONDARY', UserPoolArn: replicaArn };
    assert.deepEqual(await list(pool.Id!), [primary, secondary]);

    // Only an INACTIVE replica can go, and only from the primary region.
    await expectError(
      server.cognito.send(new DeleteUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: REPLICA_REGION })),
      'InvalidParameterException',
      `The replica in ${REPLICA_REGION} is ACTIVE: only an INACTIVE replica can be deleted.`,
    );
    // UpdateUserPoolReplica is taken in either region.
    const deactivated = await regional.send(new UpdateUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: REPLICA_REGION, Status: 'INACTIVE' }));
    assert.deepEqual(deactivated.UserPoolReplica, { ...secondary, Status: 'INACTIVE' });
    await expectError(
      regional.send(new DeleteUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: REPLICA_REGION })),
      'OperationNotEnabledException',
      "DeleteUserPoolReplica must be called from the user pool's primary region us-east-1.",
    );
    assert.deepEqual(await list(pool.Id!), [primary, { ...secondary, Status: 'INACTIVE' }]);
    const deleted = await server.cognito.send(new DeleteUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: REPLICA_REGION }));
    assert.deepEqual(deleted.UserPoolReplica, { ...secondary, Status: 'DELETING' });
    assert.deepEqual(await list(pool.Id!), [primary]);
    // Once deleted, the region can have a replica again.
    await create(pool.Id!);
  });

  it('refuses what Cognito refuses, and changes nothing', async () => {
    const pool = await createPool(server.cognito);
    const id = pool.Id!;
    await expectError(create(id, 'mars-north-9'), 'InvalidParameterException', 'mars-north-9 is not a valid region name.');
    await expectError(create(id, 'us-east-1'), 'InvalidParameterException', "The user pool's primary region is us-east-1: a replica needs another region.");
    await expectError(create(id, REPLICA_REGION, { 'aws:owner': 'x' }), 'InvalidParameterException');
    await expectError(create('us-east-1_nothere'), 'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
    const lite = await createPool(server.cognito, { UserPoolTier: 'LITE' });
    await expectError(create(lite.Id!), 'FeatureUnavailableInTierException', 'Multi-Region replication is not available in the LITE feature plan of this user pool.');
    assert.equal((await list(id))!.length, 1);
    assert.equal((await list(lite.Id!))!.length, 1);

    await create(id);
    await expectError(create(id), 'InvalidParameterException', `The user pool already has a replica in ${REPLICA_REGION}.`);
    await expectError(create(id, 'ap-southeast-2'), 'LimitExceededException', 'A user pool can have at most 1 replica.');
    await expectError(
      regional.send(new CreateUserPoolReplicaCommand({ UserPoolId: id, RegionName: 'ap-southeast-2' })),
      'OperationNotEnabledException',
    );
    await expectError(setStatus(id, 'INACTIVE', 'ap-southeast-2'), 'ResourceNotFoundException', 'The user pool has no replica in ap-southeast-2.');
    await expectError(
      server.cognito.send(new DeleteUserPoolReplicaCommand({ UserPoolId: id, RegionName: 'ap-southeast-2' })),
      'ResourceNotFoundException',
    );
    await expectError(server.cognito.send(new ListUserPoolReplicasCommand({ UserPoolId: id, NextToken: 'more' })), 'InvalidParameterException');
    await expectError(server.cognito.send(new ListUserPoolReplicasCommand({ UserPoolId: 'us-east-1_nothere' })), 'ResourceNotFoundException');
    assert.deepEqual((await list(id))!.map((r) => `${r.RegionName} ${r.Status}`), ['us-east-1 ACTIVE', `${REPLICA_REGION} ACTIVE`]);
  });

  it('mints tokens in the replica region under its issuer, verifiable with the JWKS published there', async () => {
    const { poolId, clientId, username } = await poolWithUser(server.cognito);
    await create(poolId);
    const replicaIssuer = `${server.url}/${REPLICA_REGION}/${poolId}`;

    const tokens = await signIn(regional, clientId, username);
    for (const token of [tokens.AccessToken!, tokens.IdToken!]) assert.equal(claims(token).iss, replicaIssuer);
    const discovery = await fetchJson(`${replicaIssuer}/.well-known/openid-configuration`);
    assert.equal(discovery.status, 200);
    assert.equal(discovery.body.issuer, replicaIssuer);
    assert.equal(discovery.body.jwks_uri, `${replicaIssuer}/.well-known/jwks.json`);
    const jwks = createLocalJWKSet((await fetchJson(String(discovery.body.jwks_uri))).body as unknown as JSONWebKeySet);
    const verified = await jwtVerify(tokens.IdToken!, jwks, { issuer: replicaIssuer, audience: clientId, currentDate: new Date(server.clock.now()) });
    assert.equal(verified.payload['cognito:username'], username);
    await jwtVerify(tokens.AccessToken!, jwks, { issuer: replicaIssuer, currentDate: new Date(server.clock.now()) });
    // The API takes the replica's tokens, in either region.
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).Username, username);

    // The primary region keeps its own issuer.
    assert.equal(claims((await signIn(server.cognito, clientId, username)).AccessToken!).iss, `${server.url}/${poolId}`);

    // An INACTIVE replica publishes nothing and mints nothing under its issuer.
    await setStatus(poolId, 'INACTIVE');
    assert.equal((await fetchJson(`${replicaIssuer}/.well-known/jwks.json`)).status, 404);
    assert.equal(claims((await signIn(regional, clientId, username)).AccessToken!).iss, `${server.url}/${poolId}`);
    await setStatus(poolId, 'ACTIVE');
    assert.equal(claims((await signIn(regional, clientId, username)).AccessToken!).iss, replicaIssuer);
    // A region without a replica of the pool has no documents of it.
    assert.equal((await fetchJson(`${server.url}/ap-southeast-2/${poolId}/.well-known/jwks.json`)).status, 404);
  });

  it('keeps a pool with a replica off the LITE plan (TierChangeNotAllowedException)', async () => {
    const pool = await createPool(server.cognito, { UserPoolTier: 'PLUS' });
    await create(pool.Id!);
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'ESSENTIALS' }));
    await expectError(
      server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'LITE' })),
      'TierChangeNotAllowedException',
      'The user pool cannot move to the LITE feature plan while Multi-Region replication is configured.',
    );
    await setStatus(pool.Id!, 'INACTIVE');
    await server.cognito.send(new DeleteUserPoolReplicaCommand({ UserPoolId: pool.Id, RegionName: REPLICA_REGION }));
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: pool.Id, UserPoolTier: 'LITE' }));
  });

  it('deletes the replica with its pool', async () => {
    const pool = await createPool(server.cognito);
    await create(pool.Id!);
    await server.cognito.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
    await expectError(server.cognito.send(new ListUserPoolReplicasCommand({ UserPoolId: pool.Id })), 'ResourceNotFoundException');
    assert.equal(await server.keypool.app.store.documents.findByClient(pool.Id!, 'replica', '', ''), undefined);
    assert.equal((await fetchJson(`${server.url}/${REPLICA_REGION}/${pool.Id}/.well-known/jwks.json`)).status, 404);
  });
});
