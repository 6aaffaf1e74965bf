// Usernames as Cognito treats them, through the real SDK: in a pool with UsernameConfiguration
// CaseSensitive false, "alice", "Alice" and "ALICE" are one user everywhere a name is given, while
// the username keeps the case it was created with; in a case-sensitive pool (the default) they are three.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, createPool, createUser, expectError, PASSWORD, signIn } from '../support/fixtures.js';
import { SrpTestClient } from '../support/srpClient.js';

describe('usernames', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const poolAndClient = async (caseSensitive?: boolean) => {
    const pool = await createPool(server.cognito, caseSensitive === undefined ? {} : { UsernameConfiguration: { CaseSensitive: caseSensitive } });
    const client = await createClient(server.cognito, pool.Id!, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    return { poolId: pool.Id!, clientId: client.ClientId! };
  };
  const adminGet = (poolId: string, username: string) => server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));

  it('treats any capitalization as the one user in a case-insensitive pool, keeping the created case', async () => {
    const { poolId, clientId } = await poolAndClient(false);
    assert.deepEqual((await server.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.UsernameConfiguration, { CaseSensitive: false });
    await createUser(server.cognito, poolId, 'Alice');
    for (const name of ['alice', 'ALICE', 'aLiCe']) {
      assert.equal((await adminGet(poolId, name)).Username, 'Alice');
      const tokens = await signIn(server.cognito, clientId, name);
      const payload = JSON.parse(Buffer.from(tokens.AccessToken!.split('.')[1]!, 'base64url').toString());
      assert.equal(payload.username, 'Alice');
    }
    const admin = await server.cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ALICE', PASSWORD } }),
    );
    assert.ok(admin.AuthenticationResult?.AccessToken);
  });

  it('signs in by SRP with any capitalization, USER_ID_FOR_SRP being the username as created', async () => {
    const { poolId, clientId } = await poolAndClient(false);
    await createUser(server.cognito, poolId, 'Bob');
    const srp = new SrpTestClient(poolId);
    const started = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bOB', SRP_A: srp.srpA } }),
    );
    assert.equal(started.ChallengeParameters!.USER_ID_FOR_SRP, 'Bob');
    const answered = await server.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: srp.answer(started.ChallengeParameters!, PASSWORD, server.clock.now()),
      }),
    );
    assert.ok(answered.AuthenticationResult?.AccessToken);
  });

  it('takes a name once whatever its case, also when created at once', async () => {
    const { poolId, clientId } = await poolAndClient(false);
    await createUser(server.cognito, poolId, 'carol');
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'CAROL', Password: PASSWORD })),
      'UsernameExistsException',
      'User already exists',
    );
    await expectError(
      server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'Carol', MessageAction: 'SUPPRESS' })),
      'UsernameExistsException',
    );
    const results = await Promise.allSettled(
      ['dave', 'Dave', 'DAVE', 'dAVE', 'DaVe', 'daVE'].map((Username) => server.cognito.send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD }))),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'UsernameExistsException');
  });

  it('keeps usernames case-sensitive by default and when asked', async () => {
    for (const caseSensitive of [undefined, true]) {
      const { poolId, clientId } = await poolAndClient(caseSensitive);
      await createUser(server.cognito, poolId, 'erin');
      await createUser(server.cognito, poolId, 'Erin', {}, 'Other-passw0rd');
      assert.equal((await adminGet(poolId, 'Erin')).Username, 'Erin');
      await expectError(adminGet(poolId, 'ERIN'), 'UserNotFoundException');
      assert.ok(await signIn(server.cognito, clientId, 'erin'));
      assert.ok(await signIn(server.cognito, clientId, 'Erin', 'Other-passw0rd'));
      await expectError(signIn(server.cognito, clientId, 'ERIN'), 'UserNotFoundException');
    }
  });
});
