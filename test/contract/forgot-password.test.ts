// Password recovery through the real AWS SDK: ForgotPassword, ConfirmForgotPassword and
// AdminResetUserPassword, the channel AccountRecoverySetting chooses, what unknown and disabled users
// hear under each PreventUserExistenceErrors, and every refusal changing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  type CreateUserPoolCommandInput,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createUser, expectError, invitedUser, poolWithClient, signIn } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NO_CHANNEL = 'Cannot reset password for the user as there is no registered/verified email or phone_number';
const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const VERIFIED_EMAIL = (username: string) => ({ email: `${username}@example.com`, email_verified: 'true' });
const VERIFIED_PHONE = { phone_number: '+15555550123', phone_number_verified: 'true' };

describe('password recovery', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  async function setup(pool: Partial<CreateUserPoolCommandInput> = {}, client: Partial<CreateUserPoolClientCommandInput> = {}) {
    return poolWithClient(server.cognito, { pool, client });
  }
  const forgot = (clientId: string, username: string, secretHash?: string) =>
    server.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username, SecretHash: secretHash }));
  const confirm = (clientId: string, username: string, code: string, password = NEW_PASSWORD, secretHash?: string) =>
    server.cognito.send(
      new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, Password: password, SecretHash: secretHash }),
    );
  const status = async (poolId: string, username: string) =>
    (await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus;
  const messageCount = async (poolId: string, username: string) =>
    (await readOutbox(server, { poolId, username })).body.messages!.length;

  it('sends a reset code to the verified email; a weak password spends nothing; the right code sets the password', async () => {
    const { poolId, clientId } = await setup();
    await createUser(server.cognito, poolId, 'rita', VERIFIED_EMAIL('rita'));
    const tokens = await signIn(server.cognito, clientId, 'rita');
    const answer = await forgot(clientId, 'rita');
    assert.deepEqual(answer.CodeDeliveryDetails, { Destination: 'r***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const message = await latestMessage(server, poolId, 'rita');
    assert.equal(message.purpose, 'FORGOT_PASSWORD');
    assert.equal(message.destination, 'rita@example.com');
    const code = message.code!;
    assert.ok(!JSON.stringify(answer).includes(code));

    await expectError(confirm(clientId, 'rita', code, 'weak'), 'InvalidPasswordException', 'Password does not conform to policy: Password not long enough');
    await expectError(confirm(clientId, 'rita', wrong(code)), 'CodeMismatchException', 'Invalid verification code provided, please try again.');
    assert.ok((await signIn(server.cognito, clientId, 'rita')).AccessToken, 'the old password works until the reset is confirmed');
    await confirm(clientId, 'rita', code);
    await expectError(signIn(server.cognito, clientId, 'rita'), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok((await signIn(server.cognito, clientId, 'rita', NEW_PASSWORD)).AccessToken);
    assert.equal(await status(poolId, 'rita'), 'CONFIRMED');
    await expectError(confirm(clientId, 'rita', code, PASSWORD), 'ExpiredCodeException', 'Invalid code provided, please request a code again.');
    // As on Cognito, a reset signs no one out: the refresh token issued before still works.
    const refreshed = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
  });

  it('without AccountRecoverySetting prefers a verified phone over email (Cognito legacy); with it, follows the priorities', async () => {
    const legacy = await setup();
    await createUser(server.cognito, legacy.poolId, 'both', { ...VERIFIED_EMAIL('both'), ...VERIFIED_PHONE });
    await createUser(server.cognito, legacy.poolId, 'unverified', { email: 'unverified@example.com', phone_number: '+15555550124' });
    assert.deepEqual((await forgot(legacy.clientId, 'both')).CodeDeliveryDetails, {
      Destination: '+*******0123',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    });
    assert.equal((await latestMessage(server, legacy.poolId, 'both')).channel, 'SMS');
    await expectError(forgot(legacy.clientId, 'unverified'), 'InvalidParameterException', NO_CHANNEL);
    assert.equal(await messageCount(legacy.poolId, 'unverified'), 0);

    const emailFirst = await setup({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 2 }, { Name: 'verified_email', Priority: 1 }] },
    });
    await createUser(server.cognito, emailFirst.poolId, 'both', { ...VERIFIED_EMAIL('both'), ...VERIFIED_PHONE });
    await createUser(server.cognito, emailFirst.poolId, 'phone', { email: 'phone@example.com', ...VERIFIED_PHONE });
    assert.equal((await forgot(emailFirst.clientId, 'both')).CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    assert.equal((await forgot(emailFirst.clientId, 'phone')).CodeDeliveryDetails?.DeliveryMedium, 'SMS', 'falls back to the second');

    const emailOnly = await setup({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] } });
    await createUser(server.cognito, emailOnly.poolId, 'phone', { email: 'phone@example.com', ...VERIFIED_PHONE });
    await expectError(forgot(emailOnly.clientId, 'phone'), 'InvalidParameterException', NO_CHANNEL);
  });

  it('admin_only refuses self-service recovery, and AdminResetUserPassword too, changing nothing', async () => {
    const { poolId, clientId } = await setup({ AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] } });
    await createUser(server.cognito, poolId, 'ada', VERIFIED_EMAIL('ada'));
    await expectError(forgot(clientId, 'ada'), 'NotAuthorizedException', 'Contact administrator to reset password.');
    await expectError(forgot(clientId, 'nobody'), 'NotAuthorizedException', 'Contact administrator to reset password.');
    await expectError(
      server.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'ada' })),
      'NotAuthorizedException',
      'Contact administrator to reset password.',
    );
    assert.equal(await status(poolId, 'ada'), 'CONFIRMED');
    assert.equal(await messageCount(poolId, 'ada'), 0);
  });

  it('LEGACY names unknown users; ENABLED answers a plausible, stable delivery and refuses every code', async () => {
    const legacy = await setup();
    await expectError(forgot(legacy.clientId, 'ghost'), 'UserNotFoundException', 'Username/client id combination not found.');
    await expectError(confirm(legacy.clientId, 'ghost', '123456'), 'UserNotFoundException', 'Username/client id combination not found.');

    // A pool that verifies its users' email: nobody's code would go there too.
    const hidden = await setup({ AutoVerifiedAttributes: ['email'] }, { PreventUserExistenceErrors: 'ENABLED' });
    await createUser(server.cognito, hidden.poolId, 'real', VERIFIED_EMAIL('real'));
    const real = (await forgot(hidden.clientId, 'real')).CodeDeliveryDetails!;
    const ghost = (await forgot(hidden.clientId, 'ghost')).CodeDeliveryDetails!;
    assert.deepEqual(Object.keys(ghost).sort(), Object.keys(real).sort());
    assert.equal(ghost.DeliveryMedium, 'EMAIL');
    assert.equal(ghost.AttributeName, 'email');
    assert.match(ghost.Destination!, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
    assert.deepEqual((await forgot(hidden.clientId, 'ghost')).CodeDeliveryDetails, ghost, 'the same answer every time');
    assert.deepEqual((await forgot(hidden.clientId, 'ghost@example.org')).CodeDeliveryDetails, {
      Destination: 'g***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    assert.equal(await messageCount(hidden.poolId, 'ghost'), 0, 'nothing is sent for nobody');
    await expectError(confirm(hidden.clientId, 'ghost', '123456'), 'CodeMismatchException', 'Invalid verification code provided, please try again.');

    const phoneFirst = await setup(
      { AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 1 }] } },
      { PreventUserExistenceErrors: 'ENABLED' },
    );
    assert.match((await forgot(phoneFirst.clientId, 'ghost')).CodeDeliveryDetails!.Destination!, /^\+\*{7}\d{4}$/);
    assert.equal((await forgot(hidden.clientId, '+15555550199')).CodeDeliveryDetails!.Destination, '+*******0199', 'a phone-shaped name is its own number');
  });

  it('a disabled user: "User is disabled." under LEGACY, answered as nobody under ENABLED', async () => {
    const legacy = await setup();
    await createUser(server.cognito, legacy.poolId, 'dora', VERIFIED_EMAIL('dora'));
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: legacy.poolId, Username: 'dora' }));
    await expectError(forgot(legacy.clientId, 'dora'), 'NotAuthorizedException', 'User is disabled.');
    await expectError(confirm(legacy.clientId, 'dora', '123456'), 'NotAuthorizedException', 'User is disabled.');

    const hidden = await setup({}, { PreventUserExistenceErrors: 'ENABLED' });
    await createUser(server.cognito, hidden.poolId, 'dora', VERIFIED_EMAIL('dora'));
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: hidden.poolId, Username: 'dora' }));
    assert.ok((await forgot(hidden.clientId, 'dora')).CodeDeliveryDetails?.Destination);
    assert.equal(await messageCount(hidden.poolId, 'dora'), 0);
  });

  it('codes last an hour; ten go to a user within an hour, then LimitExceededException with nothing sent', async () => {
    const { poolId, clientId } = await setup();
    await createUser(server.cognito, poolId, 'eve', VERIFIED_EMAIL('eve'));
    await forgot(clientId, 'eve');
    const first = (await latestMessage(server, poolId, 'eve')).code!;
    server.clock.advance(HOUR);
    await expectError(confirm(clientId, 'eve', first), 'ExpiredCodeException', 'Invalid code provided, please request a code again.');

    for (let i = 1; i < 10; i++) await forgot(clientId, 'eve');
    const sent = await messageCount(poolId, 'eve');
    await expectError(forgot(clientId, 'eve'), 'LimitExceededException', ATTEMPT_LIMIT);
    assert.equal(await messageCount(poolId, 'eve'), sent);
    const newest = (await latestMessage(server, poolId, 'eve')).code!;
    await confirm(clientId, 'eve', newest);
    assert.ok((await signIn(server.cognito, clientId, 'eve', NEW_PASSWORD)).AccessToken);
  });

  it('an app client with a secret needs SECRET_HASH on both calls', async () => {
    const { poolId, clientId, client } = await setup({}, { GenerateSecret: true });
    await createUser(server.cognito, poolId, 'sam', VERIFIED_EMAIL('sam'));
    const hash = computeSecretHash(client.ClientSecret!, 'sam', clientId);
    await expectError(forgot(clientId, 'sam'), 'NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`);
    await expectError(forgot(clientId, 'sam', 'bm9wZQ=='), 'NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);
    assert.equal(await messageCount(poolId, 'sam'), 0);
    await forgot(clientId, 'sam', hash);
    const code = (await latestMessage(server, poolId, 'sam')).code!;
    await expectError(confirm(clientId, 'sam', code), 'NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`);
    await confirm(clientId, 'sam', code, NEW_PASSWORD, hash);
  });

  it('an invited user who never chose a password cannot reset it', async () => {
    const { poolId, clientId } = await setup();
    await invitedUser(server.cognito, poolId, 'ivy', VERIFIED_EMAIL('ivy'));
    await expectError(forgot(clientId, 'ivy'), 'NotAuthorizedException', 'User password cannot be reset in the current state.');
    await expectError(
      server.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'ivy' })),
      'NotAuthorizedException',
      'User password cannot be reset in the current state.',
    );
    assert.equal(await status(poolId, 'ivy'), 'FORCE_CHANGE_PASSWORD');
  });

  describe('AdminResetUserPassword', () => {
    it('sets RESET_REQUIRED and sends a code: password sign-in answers PasswordResetRequiredException until the reset is confirmed', async () => {
      const { poolId, clientId } = await setup();
      await createUser(server.cognito, poolId, 'rob', VERIFIED_EMAIL('rob'));
      await server.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'rob' }));
      assert.equal(await status(poolId, 'rob'), 'RESET_REQUIRED');
      const message = await latestMessage(server, poolId, 'rob');
      assert.equal(message.purpose, 'FORGOT_PASSWORD');
      await expectError(signIn(server.cognito, clientId, 'rob'), 'PasswordResetRequiredException', 'Password reset required for the user');
      await confirm(clientId, 'rob', message.code!);
      assert.equal(await status(poolId, 'rob'), 'CONFIRMED');
      assert.ok((await signIn(server.cognito, clientId, 'rob', NEW_PASSWORD)).AccessToken);
    });

    it('refuses a user without a verified channel, an unknown user and an unknown pool, changing nothing', async () => {
      const { poolId } = await setup();
      await createUser(server.cognito, poolId, 'una', { email: 'una@example.com' });
      const reset = (Username: string, UserPoolId = poolId) => server.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId, Username }));
      await expectError(reset('una'), 'InvalidParameterException', NO_CHANNEL);
      assert.equal(await status(poolId, 'una'), 'CONFIRMED');
      await expectError(reset('nobody'), 'UserNotFoundException', 'User does not exist.');
      await expectError(reset('una', 'us-east-1_Nope12345'), 'ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.');
    });
  });
});
