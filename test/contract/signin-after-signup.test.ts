// Signing in straight after sign-up through the real AWS SDK: ConfirmSignUp answers a Session that
// InitiateAuth USER_AUTH takes instead of a first factor, once, for the user who confirmed, from the
// same app client, within the client's AuthSessionValidity.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createClient, expectError, poolWithClient } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';

const MINUTE = 60_000;

describe('sign-in after sign-up', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  async function setup(client: Partial<CreateUserPoolClientCommandInput> = {}) {
    return poolWithClient(server.cognito, { pool: { AutoVerifiedAttributes: ['email'] }, client });
  }

  /** Signs `username` up and confirms them with the emailed code; ConfirmSignUp's answer. */
  async function signUpAndConfirm(poolId: string, clientId: string, username: string, secretHash?: string) {
    await server.cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        SecretHash: secretHash,
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
      }),
    );
    const { code } = await latestMessage(server, poolId, username);
    return server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code!, SecretHash: secretHash }));
  }

  const userAuth = (clientId: string, Session: string | undefined, parameters: Record<string, string>) =>
    server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', Session, AuthParameters: parameters }));

  it('ConfirmSignUp answers a Session that signs the user in with USER_AUTH, once', async () => {
    const { poolId, clientId } = await setup();
    const { Session } = await signUpAndConfirm(poolId, clientId, 'newbie');
    assert.ok(Session);
    const answer = await userAuth(clientId, Session, { USERNAME: 'newbie' });
    assert.equal(answer.ChallengeName, undefined);
    const me = await server.cognito.send(new GetUserCommand({ AccessToken: answer.AuthenticationResult!.AccessToken! }));
    assert.equal(me.Username, 'newbie');
    await expectError(userAuth(clientId, Session, { USERNAME: 'newbie' }), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
  });

  it('expires with the app client\'s AuthSessionValidity', async () => {
    const { poolId, clientId } = await setup({ AuthSessionValidity: 5 });
    const { Session } = await signUpAndConfirm(poolId, clientId, 'slow');
    server.clock.advance(5 * MINUTE);
    await expectError(userAuth(clientId, Session, { USERNAME: 'slow' }), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
  });

  it('is refused for another user, from another app client, for a disabled user, or forged; a refusal leaves it usable', async () => {
    const { poolId, clientId } = await setup();
    const other = (await createClient(server.cognito, poolId)).ClientId!;
    await signUpAndConfirm(poolId, clientId, 'bystander');
    const { Session } = await signUpAndConfirm(poolId, clientId, 'owner');
    await expectError(userAuth(clientId, Session, { USERNAME: 'bystander' }), 'NotAuthorizedException', 'Invalid session provided for the user.');
    await expectError(userAuth(clientId, Session, { USERNAME: 'nobody' }), 'NotAuthorizedException', 'Invalid session provided for the user.');
    await expectError(userAuth(other, Session, { USERNAME: 'owner' }), 'NotAuthorizedException', 'Invalid session for the user.');
    await expectError(userAuth(clientId, 'x'.repeat(40), { USERNAME: 'owner' }), 'NotAuthorizedException', 'Invalid session for the user.');
    assert.ok((await userAuth(clientId, Session, { USERNAME: 'owner' })).AuthenticationResult?.AccessToken);

    const { Session: disabledSession } = await signUpAndConfirm(poolId, clientId, 'gone');
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'gone' }));
    await expectError(userAuth(clientId, disabledSession, { USERNAME: 'gone' }), 'NotAuthorizedException', 'User is disabled.');
  });

  it('is answered only where USER_AUTH is open: a client that allows it, in a pool above the LITE tier', async () => {
    const { poolId, clientId } = await setup({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    assert.equal((await signUpAndConfirm(poolId, clientId, 'plain')).Session, undefined);
    const lite = await poolWithClient(server.cognito, { pool: { AutoVerifiedAttributes: ['email'], UserPoolTier: 'LITE' } });
    assert.equal((await signUpAndConfirm(lite.poolId, lite.clientId, 'lite')).Session, undefined);
  });

  it('needs SECRET_HASH from a client with a secret', async () => {
    const { poolId, clientId, client } = await setup({ GenerateSecret: true });
    const hash = computeSecretHash(client.ClientSecret!, 'secretive', clientId);
    const { Session } = await signUpAndConfirm(poolId, clientId, 'secretive', hash);
    await expectError(userAuth(clientId, Session, { USERNAME: 'secretive' }), 'NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`);
    assert.ok((await userAuth(clientId, Session, { USERNAME: 'secretive', SECRET_HASH: hash })).AuthenticationResult?.IdToken);
  });
});
