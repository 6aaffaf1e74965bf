// Guessing one-time codes from outside, through the real AWS SDK: an attacker who knows a username
// asks for code after code (USER_AUTH with EMAIL_OTP or SMS_OTP, ResendConfirmationCode) and answers
// each with wrong guesses, patiently across a day or all at once. Wrong codes count per user, across
// codes of every purpose, and each guess is counted before its code is compared.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfirmSignUpCommand, ResendConfirmationCodeCommand, SignUpCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createClient, createPool, createUser, expectError, PASSWORD } from '../support/fixtures.js';
import { burst } from '../support/burst.js';
import { latestMessage, readOutbox } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { passkeyPool, respondToChallenge, startPreferring } from '../support/userAuth.js';
import { guessForADay, refusal } from './support/patientGuesser.js';

const MISMATCH = 'Invalid code or auth state for the user.';
const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

type OtpChallenge = 'EMAIL_OTP' | 'SMS_OTP';

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

const guess = (cognito: CognitoIdentityProviderClient, clientId: string, challenge: OtpChallenge, username: string, session: string, code: string) =>
  respondToChallenge(cognito, clientId, challenge, session, { USERNAME: username, [`${challenge}_CODE`]: code });

describe('guessing one-time codes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  /** A pool allowing code sign-in, with one confirmed user whose email and phone are verified. */
  async function codeUser(username: string) {
    const { poolId, clientId } = await passkeyPool(server.cognito);
    await createUser(server.cognito, poolId, username, {
      email: `${username}@example.com`,
      email_verified: 'true',
      phone_number: '+15555550142',
      phone_number_verified: 'true',
    });
    return { poolId, clientId };
  }

  /** How many guesses were compared with the user's current code of `challenge` (wrong ones count on the code). */
  const compared = async (poolId: string, username: string, challenge: OtpChallenge) =>
    (await server.keypool.app.store.codes.get(poolId, username, `SIGN_IN_${challenge}`))?.attempts ?? 0;

  /** The newest code the user was sent by `channel`. */
  async function newestCode(poolId: string, username: string, channel: 'EMAIL' | 'SMS'): Promise<string> {
    const { body } = await readOutbox(server, { poolId, username });
    return body.messages!.find((m) => m.channel === channel)!.code!;
  }

  it('a day of asking for fresh codes and guessing at them, at every moment the lockout allows, gets 39 guesses compared', async () => {
    const username = 'target';
    const { poolId, clientId } = await codeUser(username);
    const { clock, cognito } = server;
    let session = '';
    let code = '';
    const { compared: total, requests } = await guessForADay({
      clock,
      compared: () => compared(poolId, username, 'EMAIL_OTP'),
      // A fresh sign-in, and with it a fresh code.
      requestCode: async () => {
        session = (await startPreferring(cognito, clientId, username, 'EMAIL_OTP')).Session!;
        code = (await latestMessage(server, poolId, username)).code!;
      },
      // A Session lives three minutes.
      stale: (lastCodeAt) => clock.now() >= lastCodeAt + 3 * MINUTE,
      guessWrong: () => guess(cognito, clientId, 'EMAIL_OTP', username, session, wrong(code)).then(() => 'accepted', refusal),
      answers: { compared: `CodeMismatchException: ${MISMATCH}`, unseen: `CodeMismatchException: ${MISMATCH}` },
    });
    console.log(JSON.stringify({ otpGuessesComparedIn24h: total, requests }));
    // Five free, then 1 s doubling up to an hour, remembered for a day: 5 + 12 + 22 within 24 hours.
    assert.equal(total, 39);
    assert.ok(total < 100, 'a six-digit code falls with probability below 1e-4 a day');
  });

  it('a burst of concurrent answers on ten sessions and two codes gets five guesses compared', async () => {
    const username = 'burst';
    const { poolId, clientId } = await codeUser(username);
    const sessions: { challenge: OtpChallenge; session: string }[] = [];
    for (const challenge of ['EMAIL_OTP', 'SMS_OTP'] as const) {
      for (let i = 0; i < 5; i++) sessions.push({ challenge, session: (await startPreferring(server.cognito, clientId, username, challenge)).Session! });
    }
    const codes = { EMAIL_OTP: await newestCode(poolId, username, 'EMAIL'), SMS_OTP: await newestCode(poolId, username, 'SMS') };
    const answers = await burst(server, 50, (cognito, i) => {
      const { challenge, session } = sessions[i % sessions.length]!;
      return guess(cognito, clientId, challenge, username, session, wrong(codes[challenge]));
    });
    assert.ok(answers.every((a) => a.status === 'rejected'));
    const total = (await compared(poolId, username, 'EMAIL_OTP')) + (await compared(poolId, username, 'SMS_OTP'));
    console.log(JSON.stringify({ concurrentOtpAnswers: 50, compared: total }));
    assert.equal(total, 5);
  });

  it('wrong sign-in codes count across codes and channels: a fresh code brings no fresh guesses', async () => {
    const username = 'switcher';
    const { poolId, clientId } = await codeUser(username);
    for (const [challenge, wrongOnes] of [['EMAIL_OTP', 3], ['SMS_OTP', 2]] as const) {
      const { Session } = await startPreferring(server.cognito, clientId, username, challenge);
      const code = await newestCode(poolId, username, challenge === 'EMAIL_OTP' ? 'EMAIL' : 'SMS');
      for (let i = 0; i < wrongOnes; i++) await expectError(guess(server.cognito, clientId, challenge, username, Session!, wrong(code)), 'CodeMismatchException', MISMATCH);
    }
    const { Session } = await startPreferring(server.cognito, clientId, username, 'EMAIL_OTP');
    const right = await newestCode(poolId, username, 'EMAIL');
    // Locked out for a second: the right code is neither compared nor counted, and the Session stays.
    await expectError(guess(server.cognito, clientId, 'EMAIL_OTP', username, Session!, right), 'CodeMismatchException', MISMATCH);
    assert.equal(await compared(poolId, username, 'EMAIL_OTP'), 0);
    server.clock.advance(SECOND);
    assert.ok((await guess(server.cognito, clientId, 'EMAIL_OTP', username, Session!, right)).AuthenticationResult?.AccessToken);
  });

  describe('confirmation codes', () => {
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = (await createPool(server.cognito, { AutoVerifiedAttributes: ['email'] })).Id!;
      clientId = (await createClient(server.cognito, poolId)).ClientId!;
    });
    const signUp = (username: string) =>
      server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
    const confirm = (username: string, code: string, cognito = server.cognito) =>
      cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }));
    const resend = (username: string) => server.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }));

    it('50 concurrent wrong codes: five compared (CodeMismatchException), the rest refused unseen (LimitExceededException)', async () => {
      await signUp('crowd');
      const { code } = await latestMessage(server, poolId, 'crowd');
      const answers = await burst(server, 50, (cognito) => confirm('crowd', wrong(code!), cognito));
      const names = answers.map((a) => (a.status === 'rejected' ? (a.reason as Error).name : 'accepted'));
      const mismatches = names.filter((n) => n === 'CodeMismatchException').length;
      console.log(JSON.stringify({ concurrentConfirmSignUpGuesses: 50, compared: mismatches }));
      assert.equal(mismatches, 5);
      assert.equal(names.filter((n) => n === 'LimitExceededException').length, 45);
      server.clock.advance(SECOND);
      await resend('crowd');
      await confirm('crowd', (await latestMessage(server, poolId, 'crowd')).code!);
    });

    it('a resent code brings no fresh guesses: the user stays locked out of codes', async () => {
      await signUp('resender');
      const first = (await latestMessage(server, poolId, 'resender')).code!;
      for (let i = 0; i < 5; i++) await expectError(confirm('resender', wrong(first)), 'CodeMismatchException');
      await resend('resender');
      const second = (await latestMessage(server, poolId, 'resender')).code!;
      await expectError(confirm('resender', second), 'LimitExceededException', ATTEMPT_LIMIT);
      server.clock.advance(SECOND);
      await confirm('resender', second);
    });

    it('sends ten codes to a user within an hour, then LimitExceededException until the hour has passed', async () => {
      await signUp('impatient');
      for (let i = 0; i < 10; i++) await resend('impatient');
      const sent = (await readOutbox(server, { poolId, username: 'impatient' })).body.messages!.length;
      await expectError(resend('impatient'), 'LimitExceededException', ATTEMPT_LIMIT);
      assert.equal((await readOutbox(server, { poolId, username: 'impatient' })).body.messages!.length, sent, 'nothing sent past the limit');
      server.clock.advance(HOUR);
      await resend('impatient');
    });
  });

  it('sends ten sign-in codes to a user within an hour, and answers a name nobody holds alike', async () => {
    const { poolId, clientId } = await codeUser('popular');
    for (const name of ['popular', 'nobody-here@example.com']) {
      for (let i = 0; i < 10; i++) assert.equal((await startPreferring(server.cognito, clientId, name, 'EMAIL_OTP')).ChallengeName, 'EMAIL_OTP');
      await expectError(startPreferring(server.cognito, clientId, name, 'EMAIL_OTP'), 'LimitExceededException', ATTEMPT_LIMIT);
    }
    assert.equal((await readOutbox(server, { poolId, username: 'popular' })).body.messages!.length, 10);
    server.clock.advance(HOUR + 1);
    assert.equal((await startPreferring(server.cognito, clientId, 'popular', 'EMAIL_OTP')).ChallengeName, 'EMAIL_OTP');
  });
});
