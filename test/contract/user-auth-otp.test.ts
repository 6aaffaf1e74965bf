// USER_AUTH with one-time codes (EMAIL_OTP, SMS_OTP) through the real AWS SDK; codes are read from
// the operator outbox.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createUser, expectError } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { passkeyPool } from '../support/userAuth.js';

const MISMATCH = 'Invalid code or auth state for the user.';

const preferring = (cognito: CognitoIdentityProviderClient, clientId: string, username: string, challenge: string) =>
  cognito.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: challenge } }),
  );

const answerCode = (cognito: CognitoIdentityProviderClient, clientId: string, challenge: 'EMAIL_OTP' | 'SMS_OTP', username: string, session: string, code: string) =>
  cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: challenge,
      Session: session,
      ChallengeResponses: { USERNAME: username, [`${challenge}_CODE`]: code },
    }),
  );

const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('USER_AUTH with one-time codes', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await passkeyPool(server.cognito));
    await createUser(server.cognito, poolId, 'alice', {
      email: 'alice@example.com',
      email_verified: 'true',
      phone_number: '+15555550123',
      phone_number_verified: 'true',
    });
    await createUser(server.cognito, poolId, 'nophone', { email: 'nophone@example.com', email_verified: 'true' });
  });
  after(() => server.dispose());
  // Each test's code is then the newest message in the outbox.
  beforeEach(() => server.clock.advance(1000));

  it('sends an EMAIL_OTP code to the outbox and signs in with it', async () => {
    const started = await preferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    assert.equal(started.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(started.AvailableChallenges, ['EMAIL_OTP']);
    assert.deepEqual(started.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***.com' });
    const message = await latestMessage(server, poolId, 'alice');
    assert.equal(message.channel, 'EMAIL');
    assert.equal(message.destination, 'alice@example.com');
    assert.match(message.code!, /^\d{6}$/);
    assert.ok(message.message.includes(message.code!));
    const done = await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, message.code!);
    assert.ok(done.AuthenticationResult?.AccessToken);
    await expectError(
      answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, message.code!),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
  });

  it('sends an SMS_OTP code to a verified phone', async () => {
    const started = await preferring(server.cognito, clientId, 'alice', 'SMS_OTP');
    assert.equal(started.ChallengeName, 'SMS_OTP');
    assert.deepEqual(started.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });
    const message = await latestMessage(server, poolId, 'alice');
    assert.equal(message.channel, 'SMS');
    const done = await answerCode(server.cognito, clientId, 'SMS_OTP', 'alice', started.Session!, message.code!);
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('answers a wrong code with CodeMismatchException and lets the same Session try again', async () => {
    const started = await preferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    const { code } = await latestMessage(server, poolId, 'alice');
    await expectError(answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, otherCode(code!)), 'CodeMismatchException', MISMATCH);
    const done = await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!);
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('answers the same way to the sixth wrong code, after which even the right code no longer works', async () => {
    const started = await preferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    const { code } = await latestMessage(server, poolId, 'alice');
    for (let i = 0; i < 6; i++) {
      await expectError(answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, otherCode(code!)), 'CodeMismatchException', MISMATCH);
    }
    await expectError(answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!), 'CodeMismatchException', MISMATCH);
  });

  it('refuses a code after the Session expired', async () => {
    const started = await preferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    const { code } = await latestMessage(server, poolId, 'alice');
    server.clock.advance(3 * 60_000 + 1);
    await expectError(
      answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  });

  it('asks for a missing code without spending the Session', async () => {
    const started = await preferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    await expectError(
      server.cognito.send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: started.Session, ChallengeResponses: { USERNAME: 'alice' } }),
      ),
      'InvalidParameterException',
      'Missing required parameter EMAIL_OTP_CODE',
    );
    const { code } = await latestMessage(server, poolId, 'alice');
    assert.ok((await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!)).AuthenticationResult);
  });

  it('offers SMS_OTP only with a verified phone, and falls back to SELECT_CHALLENGE', async () => {
    const started = await preferring(server.cognito, clientId, 'nophone', 'SMS_OTP');
    assert.equal(started.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(started.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    const chosen = await server.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'nophone', ANSWER: 'EMAIL_OTP' },
      }),
    );
    assert.equal(chosen.ChallengeName, 'EMAIL_OTP');
    assert.equal(chosen.ChallengeParameters!.CODE_DELIVERY_DESTINATION, 'n***@e***.com');
    const { code } = await latestMessage(server, poolId, 'nophone');
    assert.ok((await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'nophone', chosen.Session!, code!)).AuthenticationResult);
  });

  it('simulates an EMAIL_OTP challenge for an unknown user, sends nothing and accepts no code', async () => {
    const before = (await readOutbox(server, { poolId })).body.messages!.length;
    const started = await preferring(server.cognito, clientId, 'nobody@example.com', 'EMAIL_OTP');
    assert.equal(started.ChallengeName, 'EMAIL_OTP');
    assert.equal(started.ChallengeParameters!.CODE_DELIVERY_DESTINATION, 'n***@e***.com');
    assert.equal((await readOutbox(server, { poolId })).body.messages!.length, before);
    await expectError(
      answerCode(server.cognito, clientId, 'EMAIL_OTP', 'nobody@example.com', started.Session!, '123456'),
      'CodeMismatchException',
      MISMATCH,
    );
  });

  it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const started = await server.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'EMAIL_OTP' },
      }),
    );
    const { code } = await latestMessage(server, poolId, 'alice');
    const done = await server.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: code! },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });
});
