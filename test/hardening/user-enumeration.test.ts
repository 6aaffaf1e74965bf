// Telling who has an account, from outside, through the real AWS SDK, against an app client with
// PreventUserExistenceErrors ENABLED: the SRP challenge, the answer to a wrong password, the time a
// password sign-in takes and the lockout wording must be the same for a real user and for a name
// nobody holds.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { InitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { RETENTION } from '../../src/store/store.js';
import { createClient, createPool, createUser, expectError, PASSWORD, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { answerSrp, SrpTestClient, startSrp } from '../support/srpClient.js';
import { startUserAuth } from '../support/userAuth.js';

const WRONG = 'Incorrect username or password.';
const LOCKED = 'Password attempts exceeded';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What a PASSWORD_VERIFIER challenge looks like, its random values reduced to their format. */
function shapeOf(started: InitiateAuthCommandOutput) {
  const { SALT, SRP_B, SECRET_BLOCK, USERNAME, USER_ID_FOR_SRP, ...rest } = started.ChallengeParameters!;
  return {
    challenge: started.ChallengeName,
    session: started.Session === undefined ? 'none' : 'present',
    others: Object.keys(rest),
    salt: /^(?!00)[0-9a-f]{32}$/.test(SALT!),
    srpB: /^[1-9a-f][0-9a-f]{700,767}$/.test(SRP_B!),
    secretBlock: Buffer.from(SECRET_BLOCK!, 'base64').length === 64 && Buffer.from(SECRET_BLOCK!, 'base64').toString('base64') === SECRET_BLOCK,
    usernameIsUserIdForSrp: USERNAME === USER_ID_FOR_SRP,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The error message of a refused call. */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'signed in',
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe('user enumeration with PreventUserExistenceErrors ENABLED', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } } })).Id!;
    clientId = (await createClient(server.cognito, poolId, { PreventUserExistenceErrors: 'ENABLED' })).ClientId!;
    for (const username of ['real', 'real-timed', 'real-locked', 'real-srp-locked']) await createUser(server.cognito, poolId, username);
  });
  after(() => server?.dispose());

  it('answers USER_SRP_AUTH for a name nobody holds with a PASSWORD_VERIFIER challenge shaped as a real one, its salt stable across requests and nodes', async () => {
    const real = await startSrp(server.cognito, clientId, new SrpTestClient(poolId), 'real');
    const ghost = await startSrp(server.cognito, clientId, new SrpTestClient(poolId), 'ghost');
    assert.deepEqual(shapeOf(ghost), shapeOf(real));
    assert.deepEqual(shapeOf(real), { challenge: 'PASSWORD_VERIFIER', session: 'none', others: [], salt: true, srpB: true, secretBlock: true, usernameIsUserIdForSrp: true });
    assert.equal(ghost.ChallengeParameters!.USER_ID_FOR_SRP, 'ghost');

    const again = await startSrp(server.cognito, clientId, new SrpTestClient(poolId), 'ghost');
    assert.equal(again.ChallengeParameters!.SALT, ghost.ChallengeParameters!.SALT);
    assert.notEqual(again.ChallengeParameters!.SRP_B, ghost.ChallengeParameters!.SRP_B);
    assert.notEqual(again.ChallengeParameters!.SECRET_BLOCK, ghost.ChallengeParameters!.SECRET_BLOCK);
    const other = await startSrp(server.cognito, clientId, new SrpTestClient(poolId), 'phantom');
    assert.notEqual(other.ChallengeParameters!.SALT, ghost.ChallengeParameters!.SALT);

    const node = await startTestServer({}, { dataDir: server.dataDir, clock: server.clock });
    try {
      const elsewhere = await startSrp(node.cognito, clientId, new SrpTestClient(poolId), 'ghost');
      assert.equal(elsewhere.ChallengeParameters!.SALT, ghost.ChallengeParameters!.SALT);
    } finally {
      await node.stop();
    }
  });

  it('makes up a UUID USER_ID_FOR_SRP for an unknown email in a pool whose usernames are UUIDs, as a real user has', async () => {
    const emailPool = (await createPool(server.cognito, { UsernameAttributes: ['email'] })).Id!;
    const emailClient = (await createClient(server.cognito, emailPool, { PreventUserExistenceErrors: 'ENABLED' })).ClientId!;
    await createUser(server.cognito, emailPool, 'someone@example.com');
    const real = await startSrp(server.cognito, emailClient, new SrpTestClient(emailPool), 'someone@example.com');
    const ghost = await startSrp(server.cognito, emailClient, new SrpTestClient(emailPool), 'no-one@example.com');
    assert.deepEqual(shapeOf(ghost), shapeOf(real));
    assert.match(real.ChallengeParameters!.USER_ID_FOR_SRP!, UUID);
    assert.match(ghost.ChallengeParameters!.USER_ID_FOR_SRP!, UUID);
    const again = await startSrp(server.cognito, emailClient, new SrpTestClient(emailPool), 'no-one@example.com');
    assert.equal(again.ChallengeParameters!.USER_ID_FOR_SRP, ghost.ChallengeParameters!.USER_ID_FOR_SRP);
  });

  it('refuses a wrong password for a real user and any password for nobody with the same answer, in every password flow', async () => {
    const srpAnswer = async (username: string) => {
      const srp = new SrpTestClient(poolId);
      const { ChallengeParameters } = await startSrp(server.cognito, clientId, srp, username);
      return refusal(answerSrp(server.cognito, clientId, srp.answer(ChallengeParameters!, 'Wrong-passw0rd!', server.clock.now())));
    };
    const userAuthSrp = async (username: string) => {
      const srp = new SrpTestClient(poolId);
      const started = await startUserAuth(server.cognito, clientId, { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA });
      const answered = await refusal(answerSrp(server.cognito, clientId, srp.answer(started.ChallengeParameters!, 'Wrong-passw0rd!', server.clock.now()), started.Session));
      return { shape: shapeOf(started), answered };
    };
    const userAuthPassword = (username: string) =>
      refusal(startUserAuth(server.cognito, clientId, { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-passw0rd!' }));
    for (const attempt of [srpAnswer, userAuthSrp, userAuthPassword, (name: string) => refusal(signIn(server.cognito, clientId, name, 'Wrong-passw0rd!'))]) {
      const [real, ghost] = [await attempt('real'), await attempt('ghost')];
      assert.deepEqual(ghost, real);
      assert.match(JSON.stringify(real), new RegExp(`NotAuthorizedException: ${WRONG}`));
      server.clock.advance(RETENTION.signInFailuresMs + 1);
    }
  });

  it('takes as long to refuse a password for nobody as a wrong password for a real user', async () => {
    const timed = async (username: string) => {
      // Forgotten failures each time: every attempt is checked, none meets the lockout.
      server.clock.advance(RETENTION.signInFailuresMs + 1);
      const started = performance.now();
      await expectError(signIn(server.cognito, clientId, username, 'Wrong-passw0rd!'), 'NotAuthorizedException', WRONG);
      return performance.now() - started;
    };
    const real: number[] = [];
    const ghost: number[] = [];
    for (let i = 0; i < 20; i++) {
      real.push(await timed('real-timed'));
      ghost.push(await timed(`ghost-timed`));
    }
    const [realMs, ghostMs] = [median(real), median(ghost)];
    console.log(JSON.stringify({ medianWrongPasswordMs: { realUser: Math.round(realMs * 10) / 10, nobody: Math.round(ghostMs * 10) / 10 } }));
    assert.ok(ghostMs >= 0.5 * realMs, `nobody ${ghostMs.toFixed(1)} ms against a real user's ${realMs.toFixed(1)} ms`);
    assert.ok(ghostMs <= 2 * realMs, `nobody ${ghostMs.toFixed(1)} ms against a real user's ${realMs.toFixed(1)} ms`);
  });

  it('locks out a name nobody holds with the same wording as a real user, for plain and SRP passwords', async () => {
    const plain = async (username: string) => {
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await refusal(signIn(server.cognito, clientId, username, 'Wrong-passw0rd!')));
      return answers;
    };
    const srp = async (username: string) => {
      const answers = [];
      for (let i = 0; i < 7; i++) {
        const client = new SrpTestClient(poolId);
        const { ChallengeParameters } = await startSrp(server.cognito, clientId, client, username);
        answers.push(await refusal(answerSrp(server.cognito, clientId, client.answer(ChallengeParameters!, 'Wrong-passw0rd!', server.clock.now()))));
      }
      return answers;
    };
    const expected = [...Array(5).fill(`NotAuthorizedException: ${WRONG}`), ...Array(2).fill(`NotAuthorizedException: ${LOCKED}`)];
    assert.deepEqual(await plain('real-locked'), expected);
    assert.deepEqual(await plain('ghost-locked'), expected);
    assert.deepEqual(await srp('real-srp-locked'), expected);
    assert.deepEqual(await srp('ghost-srp-locked'), expected);
    await expectError(signIn(server.cognito, clientId, 'real-locked', PASSWORD), 'NotAuthorizedException', LOCKED);
  });
});
