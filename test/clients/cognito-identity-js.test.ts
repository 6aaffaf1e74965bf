// amazon-cognito-identity-js, unmodified, signing in with its default flow (USER_SRP_AUTH) against
// a real keypool through CognitoUserPool's `endpoint` option.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import identity from 'amazon-cognito-identity-js';
import { PASSWORD, createClient, createPool, createUser, poolWithUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = identity;

type Outcome =
  | { kind: 'success'; session: identity.CognitoUserSession }
  | { kind: 'failure'; error: Error & { code?: string } }
  | { kind: 'newPasswordRequired' };

function authenticate(pool: identity.CognitoUserPool, username: string, password: string): Promise<Outcome> {
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ kind: 'success', session }),
      onFailure: (error) => resolve({ kind: 'failure', error }),
      newPasswordRequired: () => resolve({ kind: 'newPasswordRequired' }),
    });
  });
}

describe('amazon-cognito-identity-js', () => {
  let server: TestServer;
  let pool: identity.CognitoUserPool;
  let poolId: string;

  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito)).Id!;
    // Its default app client flows: SRP, nothing else.
    const clientId = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
    pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url });
  });
  after(() => server.dispose());

  test('authenticateUser signs in with SRP and gets verifiable tokens', async () => {
    const outcome = await authenticate(pool, 'alice', PASSWORD);
    assert.equal(outcome.kind, 'success', outcome.kind === 'failure' ? outcome.error.message : '');
    const session = (outcome as { session: identity.CognitoUserSession }).session;
    assert.equal(session.isValid(), true);
    assert.equal(session.getAccessToken().decodePayload().username, 'alice');
    assert.equal(session.getIdToken().decodePayload().email, 'alice@example.com');
    assert.ok(session.getRefreshToken().getToken());
  });

  test('the e-mail alias signs in too', async () => {
    const { poolId: aliasPoolId, clientId: aliasClient } = await poolWithUser(server.cognito, {
      pool: { PoolName: 'alias', AliasAttributes: ['email'] },
      username: 'bob',
    });
    const aliasPool = new CognitoUserPool({ UserPoolId: aliasPoolId, ClientId: aliasClient, endpoint: server.url });
    const outcome = await authenticate(aliasPool, 'bob@example.com', PASSWORD);
    assert.equal(outcome.kind, 'success', outcome.kind === 'failure' ? outcome.error.message : '');
  });

  test('a wrong password is refused with NotAuthorizedException', async () => {
    const outcome = await authenticate(pool, 'alice', 'Wrong-passw0rd!');
    assert.equal(outcome.kind, 'failure');
    const { error } = outcome as { error: Error & { code?: string } };
    assert.equal(error.code ?? error.name, 'NotAuthorizedException');
    assert.equal(error.message, 'Incorrect username or password.');
  });

  test('a temporary password leads to newPasswordRequired', async () => {
    await server.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', TemporaryPassword: 'Temp-passw0rd!', MessageAction: 'SUPPRESS' }),
    );
    assert.equal((await authenticate(pool, 'carol', 'Temp-passw0rd!')).kind, 'newPasswordRequired');
  });
});
