// Guessing password-reset codes from outside, through the real AWS SDK: an attacker who knows a
// username asks for reset code after reset code (ForgotPassword) and answers each with wrong guesses
// (ConfirmForgotPassword), patiently across a day or all at once. Reset codes are counted with every
// other code of the user, each guess before its code is compared; and a name nobody holds is locked
// out exactly as a user is, so that the answers tell nothing about who exists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfirmForgotPasswordCommand, ForgotPasswordCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { burst } from '../support/burst.js';
import { createUser, expectError, poolWithClient, signIn } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { guessForADay, refusal } from './support/patientGuesser.js';

const MISMATCH = 'Invalid verification code provided, please try again.';
const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';
const NEW_PASSWORD = 'Att4cker-Chosen!';
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('guessing password-reset codes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  /** A pool whose app client hides unknown users, with one user whose email is verified. */
  async function target(username: string) {
    const { poolId, clientId } = await poolWithClient(server.cognito, { client: { PreventUserExistenceErrors: 'ENABLED' } });
    await createUser(server.cognito, poolId, username, { email: `${username}@example.com`, email_verified: 'true' });
    return { poolId, clientId };
  }

  const forgot = (clientId: string, username: string) => server.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
  const confirm = (clientId: string, username: string, code: string, cognito: CognitoIdentityProviderClient = server.cognito) =>
    cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, Password: NEW_PASSWORD }));
  /** How many guesses were compared with the user's current reset code. */
  const compared = async (poolId: string, username: string) =>
    (await server.keypool.app.store.codes.get(poolId, username, 'FORGOT_PASSWORD'))?.attempts ?? 0;

  it('a day of asking for fresh reset codes and guessing at them, at every moment the lockout allows, gets 39 guesses compared', async () => {
    const username = 'patient';
    const { poolId, clientId } = await target(username);
    let code = '';
    const { compared: total, requests } = await guessForADay({
      clock: server.clock,
      compared: () => compared(poolId, username),
      requestCode: async () => {
        await forgot(clientId, username);
        code = (await latestMessage(server, poolId, username)).code!;
      },
      // A reset code lives an hour.
      stale: (lastCodeAt) => server.clock.now() >= lastCodeAt + HOUR,
      guessWrong: () => confirm(clientId, username, wrong(code)).then(() => 'accepted', refusal),
      answers: { compared: `CodeMismatchException: ${MISMATCH}`, unseen: `LimitExceededException: ${ATTEMPT_LIMIT}` },
    });
    console.log(JSON.stringify({ resetCodeGuessesComparedIn24h: total, requests }));
    // Five free, then 1 s doubling up to an hour, remembered for a day: 5 + 12 + 22 within 24 hours.
    assert.equal(total, 39);
    assert.ok((await signIn(server.cognito, clientId, username)).AccessToken, 'the password never changed');
  });

  it('50 concurrent wrong codes: five compared (CodeMismatchException), the rest refused unseen (LimitExceededException)', async () => {
    const { poolId, clientId } = await target('crowd');
    await forgot(clientId, 'crowd');
    const { code } = await latestMessage(server, poolId, 'crowd');
    const answers = await burst(server, 50, (cognito) => confirm(clientId, 'crowd', wrong(code!), cognito));
    const names = answers.map((a) => (a.status === 'rejected' ? (a.reason as Error).name : 'accepted'));
    const mismatches = names.filter((n) => n === 'CodeMismatchException').length;
    console.log(JSON.stringify({ concurrentConfirmForgotPasswordGuesses: 50, compared: mismatches }));
    assert.equal(mismatches, 5);
    assert.equal(names.filter((n) => n === 'LimitExceededException').length, 45);
    assert.equal(await compared(poolId, 'crowd'), 5);
  });

  it('16 concurrent confirmations with the right code and different passwords: one wins, and only its password works', async () => {
    const { poolId, clientId } = await target('racer');
    await forgot(clientId, 'racer');
    const { code } = await latestMessage(server, poolId, 'racer');
    const passwords = Array.from({ length: 16 }, (_, i) => `Rac3-Passw0rd-${i}!`);
    const answers = await burst(server, 16, (cognito, i) =>
      cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'racer', ConfirmationCode: code!, Password: passwords[i] })),
    );
    const winners = answers.flatMap((answer, i) => (answer.status === 'fulfilled' ? [i] : []));
    assert.equal(winners.length, 1);
    // The losers find the code spent (and count as wrong guesses, so the later ones find the user locked out).
    for (const answer of answers) {
      if (answer.status === 'rejected') assert.match((answer.reason as Error).name, /^(ExpiredCodeException|LimitExceededException)$/);
    }
    const works = await Promise.all(passwords.map((password) => signIn(server.cognito, clientId, 'racer', password).then(() => true, () => false)));
    assert.deepEqual(works.flatMap((ok, i) => (ok ? [i] : [])), winners);
  });

  it('five wrong guesses spend the code; a fresh code brings no fresh guesses until the lock ends', async () => {
    const { poolId, clientId } = await target('victim');
    await forgot(clientId, 'victim');
    const first = (await latestMessage(server, poolId, 'victim')).code!;
    for (let i = 0; i < 5; i++) await expectError(confirm(clientId, 'victim', wrong(first)), 'CodeMismatchException', MISMATCH);
    await expectError(confirm(clientId, 'victim', first), 'LimitExceededException', ATTEMPT_LIMIT);
    await forgot(clientId, 'victim');
    const second = (await latestMessage(server, poolId, 'victim')).code!;
    await expectError(confirm(clientId, 'victim', second), 'LimitExceededException', ATTEMPT_LIMIT);
    assert.equal(await compared(poolId, 'victim'), 0, 'the right code was not even compared');
    server.clock.advance(SECOND);
    await confirm(clientId, 'victim', second);
    assert.ok((await signIn(server.cognito, clientId, 'victim', NEW_PASSWORD)).AccessToken);
  });

  it('a name nobody holds hears the same answers, in the same order, as a user', async () => {
    const { poolId, clientId } = await target('someone');
    /** ForgotPassword, then seven wrong codes: what each answers. */
    const answers = async (name: string) => {
      const heard: string[] = [];
      assert.ok((await forgot(clientId, name)).CodeDeliveryDetails?.Destination);
      const sent = (await readOutbox(server, { poolId, username: name })).body.messages![0]?.code ?? '000000';
      for (let i = 0; i < 7; i++) {
        heard.push(await confirm(clientId, name, wrong(sent)).then(() => 'accepted', refusal));
      }
      return heard;
    };
    const real = await answers('someone');
    const nobody = await answers('no-one');
    assert.deepEqual(nobody, real);
    assert.deepEqual(real.slice(4), [`CodeMismatchException: ${MISMATCH}`, `LimitExceededException: ${ATTEMPT_LIMIT}`, `LimitExceededException: ${ATTEMPT_LIMIT}`]);
  });
});
