// USER_AUTH with one-time codes (EMAIL_OTP, SMS_OTP) through the real AWS SDK; codes are read from
// the operator outbox.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createUser, expectError } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  adminRespondToChallenge,
  adminStartUserAuth,
  passkeyPool,
  respondToChallenge,
  selectChallenge,
  startPreferring,
} from '../support/userAuth.js';

const MISMATCH = 'Invalid code or auth state for the user.';

const answerCode = (cognito: CognitoIdentityProviderClient, clientId: string, challenge: 'EMAIL_OTP' | 'SMS_OTP', username: string, session: string, code: string) =>
  respondToChallenge(cognito, clientId, challenge, session, { USERNAME: username, [`${challenge}_CODE`]: code });

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
    const started = await startPreferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    assert.equal(started.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(started.AvailableChallenges, ['EMAIL_OTP']);
    assert.deepEqual(started.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' });
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
    const started = await startPreferring(server.cognito, clientId, 'alice', 'SMS_OTP');
    assert.equal(started.ChallengeName, 'SMS_OTP');
    assert.deepEqual(started.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });
    const message = await latestMessage(server, poolId, 'alice');
    assert.equal(message.channel, 'SMS');
    const done = await answerCode(server.cognito, clientId, 'SMS_OTP', 'alice', started.Session!, message.code!);
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('answers a wrong code with CodeMismatchException and lets the same Session try again', async () => {
    const started = await startPreferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    const { code } = await latestMessage(server, poolId, 'alice');
    await expectError(answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, otherCode(code!)), 'CodeMismatchException', MISMATCH);
    const done = await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!);
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it('answers the same way to the sixth wrong code, after which even the right code no longer works', async () => {
    const started = await startPreferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    const { code } = await latestMessage(server, poolId, 'alice');
    for (let i = 0; i < 6; i++) {
      await expectError(answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, otherCode(code!)), 'CodeMismatchException', MISMATCH);
    }
    await expectError(answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!), 'CodeMismatchException', MISMATCH);
  });

  it('refuses a code after the Session expired', async () => {
    const started = await startPreferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    const { code } = await latestMessage(server, poolId, 'alice');
    server.clock.advance(3 * 60_000 + 1);
    await expectError(
      answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  });

  it('asks for a missing code without spending the Session', async () => {
    const started = await startPreferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
    await expectError(
      respondToChallenge(server.cognito, clientId, 'EMAIL_OTP', started.Session, { USERNAME: 'alice' }),
      'InvalidParameterException',
      'Missing required parameter EMAIL_OTP_CODE',
    );
    const { code } = await latestMessage(server, poolId, 'alice');
    assert.ok((await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'alice', started.Session!, code!)).AuthenticationResult);
  });

  it('offers SMS_OTP only with a verified phone, and falls back to SELECT_CHALLENGE', async () => {
    const started = await startPreferring(server.cognito, clientId, 'nophone', 'SMS_OTP');
    assert.equal(started.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(started.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    const chosen = await selectChallenge(server.cognito, clientId, 'nophone', started.Session, 'EMAIL_OTP');
    assert.equal(chosen.ChallengeName, 'EMAIL_OTP');
    assert.equal(chosen.ChallengeParameters!.CODE_DELIVERY_DESTINATION, 'n***@e***');
    const { code } = await latestMessage(server, poolId, 'nophone');
    assert.ok((await answerCode(server.cognito, clientId, 'EMAIL_OTP', 'nophone', chosen.Session!, code!)).AuthenticationResult);
  });

  it('simulates an EMAIL_OTP challenge for an unknown user, sends nothing and accepts no code', async () => {
    const before = (await readOutbox(server, { poolId })).body.messages!.length;
    const started = await startPreferring(server.cognito, clientId, 'nobody@example.com', 'EMAIL_OTP');
    assert.equal(started.ChallengeName, 'EMAIL_OTP');
    assert.equal(started.ChallengeParameters!.CODE_DELIVERY_DESTINATION, 'n***@e***');
    assert.equal((await readOutbox(server, { poolId })).body.messages!.length, before);
    await expectError(
      answerCode(server.cognito, clientId, 'EMAIL_OTP', 'nobody@example.com', started.Session!, '123456'),
      'CodeMismatchException',
      MISMATCH,
    );
    // A name that is no address gets a made-up one, the same each time, and not made of the name
    // (`z***@z***` for zed would tell a made-up address from a real one).
    const destinationOf = async (name: string) =>
      (await startPreferring(server.cognito, clientId, name, 'EMAIL_OTP')).ChallengeParameters!.CODE_DELIVERY_DESTINATION!;
    const made = await Promise.all(['zed', 'yan', 'xia', 'wu', 'vic'].map(destinationOf));
    for (const destination of made) assert.match(destination, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
    assert.equal(await destinationOf('zed'), made[0]);
    assert.ok(made.some((destination, i) => destination[0] !== ['z', 'y', 'x', 'w', 'v'][i] || destination[5] !== destination[0]));
  });

  it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const started = await adminStartUserAuth(server.cognito, poolId, clientId, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const { code } = await latestMessage(server, poolId, 'alice');
    const done = await adminRespondToChallenge(server.cognito, poolId, clientId, 'EMAIL_OTP', started.Session, { USERNAME: 'alice', EMAIL_OTP_CODE: code! });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });
});
