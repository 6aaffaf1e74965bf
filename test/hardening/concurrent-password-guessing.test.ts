// Guessing a password with many concurrent requests, through the real AWS SDK: 200 wrong passwords
// at once (USER_PASSWORD_AUTH, and SRP answers on 200 secret blocks) must be admitted no faster than
// the lockout allows, since each attempt is counted before its (slow) check; the right password then
// meets the lockout. ChangePassword's previous password counts on the same counter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChangePasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createUser, expectError, PASSWORD, poolWithClient, signIn } from '../support/fixtures.js';
import { burst } from '../support/burst.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { answerSrp, SrpTestClient, startSrp } from '../support/srpClient.js';

const WRONG = 'Incorrect username or password.';
const LOCKED = 'Password attempts exceeded';
const GUESSES = 200;

/** How many of the settled attempts were refused with each message. */
function tally(settled: PromiseSettledResult<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of settled) {
    const key = s.status === 'fulfilled' ? 'signed in' : (s.reason as Error).message;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('concurrent password guessing', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await poolWithClient(server.cognito));
  });
  after(() => server?.dispose());

  it(`${GUESSES} concurrent wrong passwords: five checked, the rest and then the right password meet the lockout`, async () => {
    await createUser(server.cognito, poolId, 'plain');
    const settled = await burst(server, GUESSES, (cognito, i) => signIn(cognito, clientId, 'plain', `Wrong-passw0rd-${i}`));
    const counts = tally(settled);
    console.log(JSON.stringify({ concurrentWrongPasswords: GUESSES, checked: counts[WRONG] ?? 0 }));
    assert.deepEqual(counts, { [WRONG]: 5, [LOCKED]: GUESSES - 5 });
    await expectError(signIn(server.cognito, clientId, 'plain'), 'NotAuthorizedException', LOCKED);
    server.clock.advance(1000);
    assert.ok((await signIn(server.cognito, clientId, 'plain')).AccessToken);
  });

  it(`${GUESSES} concurrent wrong SRP answers: five checked, the rest and then the right answer meet the lockout`, async () => {
    await createUser(server.cognito, poolId, 'srp');
    const challenges: { srp: SrpTestClient; parameters: Record<string, string> }[] = [];
    for (let i = 0; i <= GUESSES; i++) {
      const srp = new SrpTestClient(poolId);
      challenges.push({ srp, parameters: (await startSrp(server.cognito, clientId, srp, 'srp')).ChallengeParameters! });
    }
    const now = server.clock.now();
    const settled = await burst(server, GUESSES, (cognito, i) => {
      const { srp, parameters } = challenges[i + 1]!;
      return answerSrp(cognito, clientId, srp.answer(parameters, `Wrong-passw0rd-${i}`, now));
    });
    const counts = tally(settled);
    console.log(JSON.stringify({ concurrentWrongSrpAnswers: GUESSES, checked: counts[WRONG] ?? 0 }));
    assert.deepEqual(counts, { [WRONG]: 5, [LOCKED]: GUESSES - 5 });
    const { srp, parameters } = challenges[0]!;
    await expectError(answerSrp(server.cognito, clientId, srp.answer(parameters, PASSWORD, now)), 'NotAuthorizedException', LOCKED);
  });

  it("ChangePassword's wrong previous passwords count toward the same lockout", async () => {
    await createUser(server.cognito, poolId, 'changer');
    const { AccessToken } = await signIn(server.cognito, clientId, 'changer');
    const change = (previous: string, cognito = server.cognito) =>
      cognito.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: previous, ProposedPassword: 'New-passw0rd!' }));
    const settled = await burst(server, 20, (cognito, i) => change(`Wrong-passw0rd-${i}`, cognito));
    assert.deepEqual(tally(settled), { [WRONG]: 5, 'Attempt limit exceeded, please try after some time.': 15 });
    await expectError(change(PASSWORD), 'LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    await expectError(signIn(server.cognito, clientId, 'changer'), 'NotAuthorizedException', LOCKED);
    server.clock.advance(1000);
    await change(PASSWORD);
    assert.ok((await signIn(server.cognito, clientId, 'changer', 'New-passw0rd!')).AccessToken);
  });
});
