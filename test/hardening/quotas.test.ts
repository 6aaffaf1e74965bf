// Optional request-rate quotas per pool and Cognito category: off by default; when on, a category's
// requests past its rate answer TooManyRequestsException "Rate exceeded", other categories and pools
// are unaffected, and the bucket refills with time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { parseConfig } from '../../src/cli.js';
import { operations } from '../../src/operations/index.js';
import { DEFAULT_QUOTAS, quotaSettings } from '../../src/protocol/quotas.js';
import { expectError, PASSWORD, poolWithUser, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const wrongPassword = (server: TestServer, clientId: string) =>
  server.cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD } }),
  );

describe('quotas switched on', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ quotas: { ...DEFAULT_QUOTAS, UserAuthentication: 5, UserRead: 3 } });
  });
  after(() => server?.dispose());

  it('throttles a category past its rate, leaves other categories and pools alone, and refills with time', async () => {
    const a = await poolWithUser(server.cognito);
    const b = await poolWithUser(server.cognito);
    // Five sign-ins a second: answered (whatever the answer), the sixth is throttled.
    const tokens = await signIn(server.cognito, a.clientId, a.username);
    for (let i = 0; i < 4; i++) await expectError(wrongPassword(server, a.clientId), 'UserNotFoundException');
    await expectError(signIn(server.cognito, a.clientId, a.username), 'TooManyRequestsException', 'Rate exceeded');
    await expectError(wrongPassword(server, a.clientId), 'TooManyRequestsException', 'Rate exceeded');

    // Another category of the same pool, and the same category of another pool, go on.
    assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).Username, a.username);
    assert.ok((await signIn(server.cognito, b.clientId, b.username)).AccessToken);
    assert.ok(await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: a.poolId })));

    // UserRead counts GetUser (pool from the token's issuer) and AdminGetUser (named pool) together.
    await server.cognito.send(new AdminGetUserCommand({ UserPoolId: a.poolId, Username: a.username }));
    await server.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    await expectError(server.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })), 'TooManyRequestsException', 'Rate exceeded');
    await expectError(
      server.cognito.send(new AdminGetUserCommand({ UserPoolId: a.poolId, Username: a.username })),
      'TooManyRequestsException',
      'Rate exceeded',
    );

    // A fifth of a second brings back one sign-in (5 per second), a second brings back all five.
    server.clock.advance(200);
    assert.ok((await signIn(server.cognito, a.clientId, a.username)).AccessToken);
    await expectError(signIn(server.cognito, a.clientId, a.username), 'TooManyRequestsException');
    server.clock.advance(1000);
    for (let i = 0; i < 5; i++) assert.ok((await signIn(server.cognito, a.clientId, a.username)).AccessToken);
    await expectError(signIn(server.cognito, a.clientId, a.username), 'TooManyRequestsException');
  });

  it('throttles before the operation runs: a refused request changes nothing', async () => {
    const { poolId, clientId, username } = await poolWithUser(server.cognito);
    for (let i = 0; i < 4; i++) await expectError(signIn(server.cognito, clientId, username, 'Wrong-passw0rd'), 'NotAuthorizedException');
    await expectError(wrongPassword(server, clientId), 'UserNotFoundException');
    // The right password came too late for the rate: throttled, it neither signs in nor clears the count.
    await expectError(signIn(server.cognito, clientId, username), 'TooManyRequestsException');
    const failures = await server.keypool.app.store.attempts.get(poolId, username, 'PASSWORD');
    assert.equal(failures?.attempts, 4);
  });
});

describe('quotas switched off (the default)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  it('never throttles', async () => {
    const { clientId, username } = await poolWithUser(server.cognito);
    for (let i = 0; i < 150; i++) await server.cognito.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    for (let i = 0; i < 30; i++) assert.ok((await signIn(server.cognito, clientId, username)).AccessToken);
  });
});

describe('quota settings', () => {
  it('are off unless asked for, at Cognito default rates, overridable per category', () => {
    assert.equal(parseConfig([], {}).quotas, undefined);
    assert.deepEqual(parseConfig(['--quotas'], {}).quotas, DEFAULT_QUOTAS);
    assert.equal(parseConfig([], { KEYPOOL_QUOTAS: 'true' }).quotas?.UserAuthentication, 120);
    const overridden = parseConfig(['--quota', 'UserAuthentication=5', '--quota', 'UserCreation=0.5'], {}).quotas!;
    assert.equal(overridden.UserAuthentication, 5);
    assert.equal(overridden.UserCreation, 0.5);
    assert.equal(overridden.UserRead, DEFAULT_QUOTAS.UserRead);
    assert.throws(() => quotaSettings(true, ['Nonsense=1']), /unknown category 'Nonsense'/);
    assert.throws(() => quotaSettings(true, ['UserRead=0']), /positive number/);
    assert.throws(() => quotaSettings(true, ['UserRead']), /positive number/);
  });

  it('place every operation keypool serves in a category', () => {
    const served = Object.values(operations);
    assert.ok(served.length >= 40);
    assert.deepEqual(served.filter((operation) => !Object.hasOwn(DEFAULT_QUOTAS, operation.quota)).map(({ name }) => name), []);
    assert.equal(operations.InitiateAuth.quota, 'UserAuthentication');
    assert.equal(operations.RevokeToken.quota, 'UserToken');
  });
});
