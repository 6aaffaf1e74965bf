// Self-registration: SignUp, ConfirmSignUp, ResendConfirmationCode through the real AWS SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createPool, expectError, poolWithClient, signIn } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { respondToChallenge, startPreferring } from '../support/userAuth.js';

const DAY = 24 * 60 * 60 * 1000;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('sign-up', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  async function setup(pool: Parameters<typeof createPool>[1] = { AutoVerifiedAttributes: ['email'] }, client = {}) {
    const created = await poolWithClient(server.cognito, { pool, client });
    return { poolId: created.poolId, clientId: created.clientId, clientSecret: created.client.ClientSecret };
  }

  it('signs up an UNCONFIRMED user, emails a code that confirms them and verifies the email', async () => {
    const { poolId, clientId } = await setup();
    const answer = await server.cognito.send(
      new SignUpCommand({ ClientId: clientId, Username: 'gina', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'gina@example.com' }] }),
    );
    assert.equal(answer.UserConfirmed, false);
    assert.match(answer.UserSub ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(answer.CodeDeliveryDetails, { Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    await expectError(signIn(server.cognito, clientId, 'gina'), 'UserNotConfirmedException', 'User is not confirmed.');

    const { code, purpose, destination } = await latestMessage(server, poolId, 'gina');
    assert.equal(purpose, 'SIGN_UP');
    assert.equal(destination, 'gina@example.com');
    assert.match(code!, /^\d{6}$/);
    assert.ok(!JSON.stringify(answer).includes(code!), 'no code in the answer');
    await expectError(
      server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'gina', ConfirmationCode: wrong(code!) })),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
    await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'gina', ConfirmationCode: code! }));
    const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gina' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'true');
    assert.ok((await signIn(server.cognito, clientId, 'gina')).AccessToken);
    await expectError(
      server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'gina', ConfirmationCode: code! })),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    );
    await expectError(
      server.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'gina' })),
      'InvalidParameterException',
      'User is already confirmed.',
    );
  });

  it('expires codes after 24 hours; a resent code replaces the old one', async () => {
    const { poolId, clientId } = await setup();
    await server.cognito.send(
      new SignUpCommand({ ClientId: clientId, Username: 'hal', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }] }),
    );
    const first = (await latestMessage(server, poolId, 'hal')).code!;
    server.clock.advance(DAY + 1000);
    await expectError(
      server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: first })),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
    const resent = await server.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' }));
    assert.equal(resent.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    const second = (await latestMessage(server, poolId, 'hal')).code!;
    if (second !== first) {
      await expectError(
        server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: first })),
        'CodeMismatchException',
      );
    }
    await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: second }));
    await expectError(
      server.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'nobody' })),
      'UserNotFoundException',
      'Username/client id combination not found.',
    );
    await expectError(
      server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'nobody', ConfirmationCode: '123456' })),
      'UserNotFoundException',
    );
  });

  it('refuses taken usernames, weak passwords, bad attributes and admin-only pools', async () => {
    const { clientId } = await setup();
    const base = { ClientId: clientId, Password: PASSWORD };
    await server.cognito.send(new SignUpCommand({ ...base, Username: 'ivy' }));
    await expectError(server.cognito.send(new SignUpCommand({ ...base, Username: 'ivy' })), 'UsernameExistsException', 'User already exists');
    await expectError(
      server.cognito.send(new SignUpCommand({ ...base, Username: 'weak', Password: 'password' })),
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    );
    await expectError(
      server.cognito.send(new SignUpCommand({ ...base, Username: 'x1', UserAttributes: [{ Name: 'custom:a', Value: '1' }, { Name: 'custom:b', Value: '2' }] })),
      'InvalidParameterException',
      'Attributes did not conform to the schema: custom:a: Attribute does not exist in the schema.\ncustom:b: Attribute does not exist in the schema.\n',
    );
    await expectError(
      server.cognito.send(new SignUpCommand({ ...base, Username: 'x2', UserAttributes: [{ Name: 'email', Value: 'x2@example.com' }, { Name: 'email_verified', Value: 'true' }] })),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    );
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: 'nosuchclient0000000000000a', Username: 'x3', Password: PASSWORD })),
      'ResourceNotFoundException',
      'User pool client nosuchclient0000000000000a does not exist.',
    );

    const required = await setup({ Schema: [{ Name: 'preferred_username', AttributeDataType: 'String', Required: true }] });
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: required.clientId, Username: 'x4', Password: PASSWORD })),
      'InvalidParameterException',
      'Attributes did not conform to the schema: preferred_username: The attribute is required\n',
    );

    const closed = await setup({ AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
    await expectError(server.cognito.send(new SignUpCommand({ ClientId: closed.clientId, Username: 'x5', Password: PASSWORD })), 'NotAuthorizedException');
  });

  it('uses the email as username in email-as-username pools', async () => {
    const { poolId, clientId } = await setup({ UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    const answer = await server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'jo@example.com', Password: PASSWORD }));
    const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jo@example.com' }));
    assert.equal(user.Username, answer.UserSub);
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'jo@example.com', Password: PASSWORD })),
      'UsernameExistsException',
      'An account with the given email already exists.',
    );
    const { code } = await latestMessage(server, poolId, answer.UserSub);
    await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'jo@example.com', ConfirmationCode: code! }));
    assert.ok((await signIn(server.cognito, clientId, 'jo@example.com')).AccessToken);
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'not-an-email', Password: PASSWORD })),
      'InvalidParameterException',
      'Username should be either an email or a phone number.',
    );
  });

  it('requires SECRET_HASH from a client with a secret', async () => {
    const { clientId, clientSecret } = await setup(undefined, { GenerateSecret: true });
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'kim', Password: PASSWORD })),
      'NotAuthorizedException',
      `Client ${clientId} is configured with secret but SECRET_HASH was not received`,
    );
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'kim', Password: PASSWORD, SecretHash: 'bm9wZQ==' })),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${clientId}`,
    );
    const answer = await server.cognito.send(
      new SignUpCommand({ ClientId: clientId, Username: 'kim', Password: PASSWORD, SecretHash: computeSecretHash(clientSecret!, 'kim', clientId) }),
    );
    assert.equal(answer.UserConfirmed, false);
  });

  it('refuses ConfirmSignUp when the verified email is another user\'s alias, unless ForceAliasCreation', async () => {
    const { poolId, clientId } = await setup({ AliasAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
    const signUp = async (Username: string) => {
      await server.cognito.send(
        new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] }),
      );
      return (await latestMessage(server, poolId, Username)).code!;
    };
    const first = await signUp('lee');
    const second = await signUp('max');
    await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'lee', ConfirmationCode: first }));
    await expectError(
      server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'max', ConfirmationCode: second })),
      'AliasExistsException',
      'An account with the given email already exists.',
    );
    await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'max', ConfirmationCode: second, ForceAliasCreation: true }));
    assert.ok((await signIn(server.cognito, clientId, 'shared@example.com')).AccessToken);
    const lee = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lee' }));
    assert.equal(lee.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'false');
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'me@example.com', Password: PASSWORD })),
      'InvalidParameterException',
      'Username cannot be of email format, since user pool is configured for email alias.',
    );
  });

  it('signs up without a password where one-time codes sign in, and asks for one elsewhere', async () => {
    const { poolId, clientId } = await setup({
      AutoVerifiedAttributes: ['email'],
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    });
    await server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'pat', UserAttributes: [{ Name: 'email', Value: 'pat@example.com' }] }));
    const { code } = await latestMessage(server, poolId, 'pat');
    await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'pat', ConfirmationCode: code! }));
    await expectError(signIn(server.cognito, clientId, 'pat'), 'NotAuthorizedException', 'Incorrect username or password.');
    const started = await startPreferring(server.cognito, clientId, 'pat', 'EMAIL_OTP');
    const otp = (await latestMessage(server, poolId, 'pat')).code!;
    const done = await respondToChallenge(server.cognito, clientId, 'EMAIL_OTP', started.Session, { USERNAME: 'pat', EMAIL_OTP_CODE: otp });
    assert.ok(done.AuthenticationResult?.AccessToken);

    const passwordOnly = await setup();
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: passwordOnly.clientId, Username: 'pat', UserAttributes: [{ Name: 'email', Value: 'pat@example.com' }] })),
      'InvalidParameterException',
      'Password is required: this user pool does not allow passwordless sign-in.',
    );
  });
});
