// Password sign-in (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH), NEW_PASSWORD_REQUIRED, sessions
// and the lockout after repeated wrong passwords, through the real AWS SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import {
  PASSWORD,
  TEMPORARY_PASSWORD as TEMPORARY,
  createClient,
  createUser,
  expectError,
  invitedUser,
  passwordAuth,
  poolWithClient,
  poolWithUser,
  signIn,
} from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';

describe('password sign-in', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithUser(server.cognito));
  });
  after(() => server.dispose());

  it('signs in with USER_PASSWORD_AUTH and answers Bearer tokens', async () => {
    const result = await passwordAuth(server.cognito, clientId, { USERNAME: 'alice', PASSWORD: PASSWORD });
    assert.deepEqual(result.ChallengeParameters, {});
    assert.equal(result.ChallengeName, undefined);
    const tokens = result.AuthenticationResult!;
    assert.equal(tokens.TokenType, 'Bearer');
    assert.equal(tokens.ExpiresIn, 3600);
    assert.ok(tokens.AccessToken && tokens.IdToken && tokens.RefreshToken);
    assert.match(tokens.RefreshToken, /^[A-Za-z0-9-_=.]+$/);
  });

  it('refuses a wrong password and an unknown user as Cognito does', async () => {
    await expectError(passwordAuth(server.cognito, clientId, { USERNAME: 'alice', PASSWORD: 'Wrong-passw0rd' }), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectError(passwordAuth(server.cognito, clientId, { USERNAME: 'nobody', PASSWORD }), 'UserNotFoundException', 'User does not exist.');
    const hiding = (await createClient(server.cognito, poolId, { PreventUserExistenceErrors: 'ENABLED' })).ClientId!;
    await expectError(passwordAuth(server.cognito, hiding, { USERNAME: 'nobody', PASSWORD }), 'NotAuthorizedException', 'Incorrect username or password.');
    await signIn(server.cognito, clientId, 'alice');
  });

  it('asks for missing parameters', async () => {
    await expectError(passwordAuth(server.cognito, clientId, { USERNAME: 'alice' }), 'InvalidParameterException', 'Missing required parameter PASSWORD');
    await expectError(passwordAuth(server.cognito, clientId, { PASSWORD }), 'InvalidParameterException', 'Missing required parameter USERNAME');
  });

  it('refuses flows the client does not allow, and admin flows on the public operation', async () => {
    const srpOnly = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await expectError(passwordAuth(server.cognito, srpOnly, { USERNAME: 'alice', PASSWORD }), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    const defaults = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: undefined })).ClientId!;
    await expectError(passwordAuth(server.cognito, defaults, { USERNAME: 'alice', PASSWORD }), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    await expectError(
      server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } })),
      'InvalidParameterException',
      'Initiate Auth method not supported.',
    );
    await expectError(
      server.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD } })),
      'InvalidParameterException',
      'ADMIN_USER_PASSWORD_AUTH flow not enabled for this client',
    );
  });

  it('signs in with ADMIN_USER_PASSWORD_AUTH (and its legacy name) on AdminInitiateAuth', async () => {
    const admin = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    for (const AuthFlow of ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] as const) {
      const result = await server.cognito.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: admin, AuthFlow, AuthParameters: { USERNAME: 'alice', PASSWORD } }),
      );
      assert.ok(result.AuthenticationResult?.AccessToken);
    }
    await expectError(
      server.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: admin, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Wrong-passw0rd' } })),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('checks SECRET_HASH for a client with a secret', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const id = client.ClientId!;
    await expectError(
      passwordAuth(server.cognito, id, { USERNAME: 'alice', PASSWORD }),
      'NotAuthorizedException',
      `Client ${id} is configured with secret but SECRET_HASH was not received`,
    );
    await expectError(
      passwordAuth(server.cognito, id, { USERNAME: 'alice', PASSWORD, SECRET_HASH: computeSecretHash(client.ClientSecret!, 'bob', id) }),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${id}`,
    );
    const result = await passwordAuth(server.cognito, id, { USERNAME: 'alice', PASSWORD, SECRET_HASH: computeSecretHash(client.ClientSecret!, 'alice', id) });
    assert.ok(result.AuthenticationResult?.AccessToken);
  });

  it('refuses a disabled user', async () => {
    await createUser(server.cognito, poolId, 'dora');
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
    await expectError(passwordAuth(server.cognito, clientId, { USERNAME: 'dora', PASSWORD }), 'NotAuthorizedException', 'User is disabled.');
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithClient(server.cognito));
  });
  after(() => server.dispose());

  const respond = (responses: Record<string, string>, session: string | undefined) =>
    server.cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeResponses: responses, Session: session }));

  it('asks for a new password, accepts a corrected one on the same session, then confirms the user', async () => {
    await invitedUser(server.cognito, poolId, 'nina', { email: 'nina@example.com' });
    const challenge = await passwordAuth(server.cognito, clientId, { USERNAME: 'nina', PASSWORD: TEMPORARY });
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(challenge.AuthenticationResult, undefined);
    assert.ok(challenge.Session && challenge.Session.length >= 20);
    assert.equal(challenge.ChallengeParameters!.USER_ID_FOR_SRP, 'nina');
    assert.deepEqual(JSON.parse(challenge.ChallengeParameters!.requiredAttributes!), []);
    assert.deepEqual(JSON.parse(challenge.ChallengeParameters!.userAttributes!), { email: 'nina@example.com' });

    await expectError(
      respond({ USERNAME: 'nina', NEW_PASSWORD: 'short' }, challenge.Session),
      'InvalidPasswordException',
      'Password does not conform to policy: Password not long enough',
    );
    await expectError(respond({ USERNAME: 'nina' }, challenge.Session), 'InvalidParameterException', 'Missing required parameter NEW_PASSWORD');
    await expectError(
      respond({ USERNAME: 'nina', NEW_PASSWORD, 'userAttributes.nosuch': 'x' }, challenge.Session),
      'InvalidParameterException',
      'Attributes did not conform to the schema: nosuch: Attribute does not exist in the schema.\n',
    );
    const done = await respond({ USERNAME: 'nina', NEW_PASSWORD, 'userAttributes.given_name': 'Nina' }, challenge.Session);
    assert.ok(done.AuthenticationResult?.AccessToken && done.AuthenticationResult.RefreshToken);
    assert.deepEqual(done.ChallengeParameters, {});

    const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nina' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'given_name')?.Value, 'Nina');
    await signIn(server.cognito, clientId, 'nina', NEW_PASSWORD);
    await expectError(passwordAuth(server.cognito, clientId, { USERNAME: 'nina', PASSWORD: TEMPORARY }), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectError(
      respond({ USERNAME: 'nina', NEW_PASSWORD }, challenge.Session),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
  });

  it('refuses unknown, expired and foreign sessions', async () => {
    await invitedUser(server.cognito, poolId, 'omar');
    await expectError(respond({ USERNAME: 'omar', NEW_PASSWORD }, 'x'.repeat(64)), 'NotAuthorizedException', 'Invalid session for the user.');
    const first = await passwordAuth(server.cognito, clientId, { USERNAME: 'omar', PASSWORD: TEMPORARY });
    server.clock.advance(3 * 60_000 + 1000);
    await expectError(respond({ USERNAME: 'omar', NEW_PASSWORD }, first.Session), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');

    const other = (await createClient(server.cognito, poolId)).ClientId!;
    const second = await passwordAuth(server.cognito, clientId, { USERNAME: 'omar', PASSWORD: TEMPORARY });
    await expectError(
      server.cognito.send(new RespondToAuthChallengeCommand({ ClientId: other, ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeResponses: { USERNAME: 'omar', NEW_PASSWORD }, Session: second.Session })),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
    await invitedUser(server.cognito, poolId, 'pia');
    await expectError(respond({ USERNAME: 'pia', NEW_PASSWORD }, second.Session), 'NotAuthorizedException', 'Invalid session for the user.');
    const done = await respond({ USERNAME: 'omar', NEW_PASSWORD }, second.Session);
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const admin = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await invitedUser(server.cognito, poolId, 'quinn');
    const challenge = await server.cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: admin, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'quinn', PASSWORD: TEMPORARY } }),
    );
    assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await server.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: admin,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ChallengeResponses: { USERNAME: 'quinn', NEW_PASSWORD },
        Session: challenge.Session,
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('refuses a temporary password past its validity', async () => {
    await invitedUser(server.cognito, poolId, 'rita');
    server.clock.advance(8 * 86_400_000);
    await expectError(
      passwordAuth(server.cognito, clientId, { USERNAME: 'rita', PASSWORD: TEMPORARY }),
      'NotAuthorizedException',
      'Temporary password has expired and must be reset by an administrator.',
    );
  });
});

describe('lockout after repeated wrong passwords', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithClient(server.cognito));
  });
  after(() => server.dispose());

  const attempt = (cognito: CognitoIdentityProviderClient, username: string, password: string) =>
    passwordAuth(cognito, clientId, { USERNAME: username, PASSWORD: password });

  it('locks a user out after five wrong passwords, with a doubling back-off, and forgets on success', async () => {
    await createUser(server.cognito, poolId, 'lena');
    for (let i = 0; i < 5; i++) {
      await expectError(attempt(server.cognito, 'lena', 'Wrong-passw0rd'), 'NotAuthorizedException', 'Incorrect username or password.');
    }
    // Locked for 1 s: even the right password is refused, and refusals do not count.
    await expectError(attempt(server.cognito, 'lena', PASSWORD), 'NotAuthorizedException', 'Password attempts exceeded');
    await expectError(attempt(server.cognito, 'lena', 'Wrong-passw0rd'), 'NotAuthorizedException', 'Password attempts exceeded');
    server.clock.advance(1000);
    await expectError(attempt(server.cognito, 'lena', 'Wrong-passw0rd'), 'NotAuthorizedException', 'Incorrect username or password.');
    // The sixth failure locks for 2 s.
    server.clock.advance(1500);
    await expectError(attempt(server.cognito, 'lena', PASSWORD), 'NotAuthorizedException', 'Password attempts exceeded');
    server.clock.advance(500);
    await signIn(server.cognito, clientId, 'lena');
    // A success starts afresh: four more failures do not lock.
    for (let i = 0; i < 4; i++) {
      await expectError(attempt(server.cognito, 'lena', 'Wrong-passw0rd'), 'NotAuthorizedException', 'Incorrect username or password.');
    }
    await signIn(server.cognito, clientId, 'lena');
  });

  it('keeps the count per user, and in the database shared by every node', async () => {
    await createUser(server.cognito, poolId, 'mo');
    await createUser(server.cognito, poolId, 'ned');
    const other = await startTestServer({}, { dataDir: server.dataDir, clock: server.clock });
    try {
      for (let i = 0; i < 5; i++) {
        const node = i % 2 === 0 ? server.cognito : other.cognito;
        await expectError(attempt(node, 'mo', 'Wrong-passw0rd'), 'NotAuthorizedException', 'Incorrect username or password.');
      }
      await expectError(attempt(other.cognito, 'mo', PASSWORD), 'NotAuthorizedException', 'Password attempts exceeded');
      await expectError(attempt(server.cognito, 'mo', PASSWORD), 'NotAuthorizedException', 'Password attempts exceeded');
      await signIn(other.cognito, clientId, 'ned');
    } finally {
      await other.stop();
    }
  });

  it('forgets failures after fifteen quiet minutes', async () => {
    await createUser(server.cognito, poolId, 'olga');
    for (let i = 0; i < 4; i++) await expectError(attempt(server.cognito, 'olga', 'Wrong-passw0rd'), 'NotAuthorizedException');
    server.clock.advance(15 * 60_000 + 1000);
    await expectError(attempt(server.cognito, 'olga', 'Wrong-passw0rd'), 'NotAuthorizedException', 'Incorrect username or password.');
    await signIn(server.cognito, clientId, 'olga');
  });
});
