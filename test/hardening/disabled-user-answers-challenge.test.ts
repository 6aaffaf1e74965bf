// Attack: a user starts a sign-in, an administrator disables (or deletes) them, and the user answers
// the challenge anyway, hoping the Session still carries them to tokens. Every challenge keypool
// issues is tried, then the refresh grants, then a disable or delete landing while an answer is
// being processed, after the answer's own checks: no path may hand out tokens.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Store } from '../../src/store/store.js';
import { PASSWORD, TEMPORARY_PASSWORD, createClient, createUser, expectError, invitedUser, passwordAuth, signIn } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SrpTestClient } from '../support/srpClient.js';
import { ORIGIN, answerPasskey, passkeyPool, respondToChallenge, startPasskeySignIn, startPreferring, startUserAuth, userWithPasskey } from '../support/userAuth.js';

type Answer = () => Promise<RespondToAuthChallengeCommandOutput>;
type Refusal = [type: string, message: string];

const DISABLED: Refusal = ['NotAuthorizedException', 'User is disabled.'];
const NOT_FOUND: Refusal = ['UserNotFoundException', 'User does not exist.'];
const WRONG_CREDENTIALS: Refusal = ['NotAuthorizedException', 'Incorrect username or password.'];
const SESSION_GONE: Refusal = ['NotAuthorizedException', 'Invalid session for the user.'];

describe('attack: a disabled or deleted user answers a challenge started before', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  /** An app client with PreventUserExistenceErrors ENABLED. */
  let quietClientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await passkeyPool(server.cognito));
    quietClientId = (await createClient(server.cognito, poolId, { PreventUserExistenceErrors: 'ENABLED' })).ClientId!;
  });
  after(() => server.dispose());

  const respond = (client: string, challenge: string, session: string | undefined, responses: Record<string, string>) =>
    respondToChallenge(server.cognito, client, challenge, session, responses);

  /** A confirmed user with a password, a verified email and a verified phone number. */
  const reachableUser = (username: string) =>
    createUser(server.cognito, poolId, username, {
      email: `${username}@example.com`,
      email_verified: 'true',
      phone_number: '+15555550100',
      phone_number_verified: 'true',
    });

  /** Starts a USER_AUTH sign-in preferring `factor`, which must come back as its own challenge. */
  const preferring = async (client: string, username: string, factor: string) => {
    const started = await startPreferring(server.cognito, client, username, factor);
    assert.equal(started.ChallengeName, factor);
    return started.Session!;
  };

  /** Each challenge keypool issues: creates the user, starts the sign-in, and returns the answer to send later. */
  interface ChallengeCase {
    challenge: string;
    start(client: string, username: string): Promise<Answer>;
    /**
     * What the answer hears once the user is deleted, when not SESSION_GONE: their Sessions (and SRP
     * secret blocks) were deleted with them, whatever the client's PreventUserExistenceErrors.
     */
    deleted?: Refusal;
  }

  /** EMAIL_OTP or SMS_OTP, answered with the code from the outbox. */
  const oneTimeCode = (challenge: 'EMAIL_OTP' | 'SMS_OTP'): ChallengeCase => ({
    challenge,
    start: async (client, username) => {
      await reachableUser(username);
      const session = await preferring(client, username, challenge);
      const { code } = await latestMessage(server, poolId, username);
      return () => respond(client, challenge, session, { USERNAME: username, [`${challenge}_CODE`]: code! });
    },
  });

  const cases: ChallengeCase[] = [
    {
      challenge: 'NEW_PASSWORD_REQUIRED',
      start: async (client, username) => {
        await invitedUser(server.cognito, poolId, username);
        const { Session } = await passwordAuth(server.cognito, client, { USERNAME: username, PASSWORD: TEMPORARY_PASSWORD });
        return () => respond(client, 'NEW_PASSWORD_REQUIRED', Session, { USERNAME: username, NEW_PASSWORD: 'N3w-Passw0rd!' });
      },
    },
    {
      challenge: 'PASSWORD_VERIFIER',
      start: async (client, username) => {
        await reachableUser(username);
        const srp = new SrpTestClient(poolId);
        const started = await server.cognito.send(
          new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }),
        );
        return () => respond(client, 'PASSWORD_VERIFIER', undefined, srp.answer(started.ChallengeParameters!, PASSWORD, server.clock.now()));
      },
      deleted: WRONG_CREDENTIALS,
    },
    {
      challenge: 'SELECT_CHALLENGE',
      start: async (client, username) => {
        await reachableUser(username);
        const started = await startUserAuth(server.cognito, client, { USERNAME: username });
        assert.equal(started.ChallengeName, 'SELECT_CHALLENGE');
        return () => respond(client, 'SELECT_CHALLENGE', started.Session, { USERNAME: username, ANSWER: 'PASSWORD', PASSWORD });
      },
    },
    {
      challenge: 'PASSWORD',
      start: async (client, username) => {
        await reachableUser(username);
        const session = await preferring(client, username, 'PASSWORD');
        return () => respond(client, 'PASSWORD', session, { USERNAME: username, PASSWORD });
      },
    },
    {
      challenge: 'PASSWORD_SRP',
      start: async (client, username) => {
        await reachableUser(username);
        const session = await preferring(client, username, 'PASSWORD_SRP');
        return () => respond(client, 'PASSWORD_SRP', session, { USERNAME: username, SRP_A: new SrpTestClient(poolId).srpA });
      },
    },
    oneTimeCode('EMAIL_OTP'),
    oneTimeCode('SMS_OTP'),
    {
      challenge: 'WEB_AUTHN',
      start: async (client, username) => {
        const { authenticator } = await userWithPasskey(server.cognito, poolId, client, username);
        const { session, options } = await startPasskeySignIn(server.cognito, client, username);
        return () => answerPasskey(server.cognito, client, username, session, authenticator.get(ORIGIN, options));
      },
    },
  ];

  const disable = (username: string) => server.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
  const remove = (username: string) => server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username }));
  const statusOf = async (username: string) =>
    (await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserStatus;

  const usernameFor = (challenge: string, what: string) => `${challenge.toLowerCase()}-${what}`;

  for (const { challenge, start, deleted = SESSION_GONE } of cases) {
    it(`${challenge}: refused once the user is disabled, and the user is left as they were`, async () => {
      const username = usernameFor(challenge, 'disabled');
      const answer = await start(clientId, username);
      await disable(username);
      const status = await statusOf(username);
      await expectError(answer(), ...DISABLED);
      assert.equal(await statusOf(username), status);
    });

    it(`${challenge}: refused once the user is deleted, alike for every PreventUserExistenceErrors`, async () => {
      for (const client of [clientId, quietClientId]) {
        const username = usernameFor(challenge, client === clientId ? 'deleted' : 'deleted-quietly');
        const answer = await start(client, username);
        await remove(username);
        await expectError(answer(), ...deleted);
      }
    });
  }

  it('refuses the refresh grants of a disabled user, also once enabled again', async () => {
    await reachableUser('refresher');
    const { RefreshToken } = await signIn(server.cognito, clientId, 'refresher');
    await disable('refresher');
    const refreshes = [
      () => server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } })),
      () => server.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken })),
    ];
    // Disabling revoked the user's sign-ins, and enabling again does not revive them.
    for (const refresh of refreshes) await expectError(refresh(), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await server.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'refresher' }));
    for (const refresh of refreshes) await expectError(refresh(), 'NotAuthorizedException', 'Refresh Token has been revoked');
  });

  /**
   * Runs `action` right after the one-time code of a sign-in is redeemed, that is after the answer
   * found its user enabled, as if the administrator's request had landed at that moment.
   */
  async function landingAfterRedeem(action: () => Promise<unknown>, work: () => Promise<unknown>) {
    const codes = server.keypool.app.store.codes;
    const redeem = codes.redeem.bind(codes);
    codes.redeem = async (...args: Parameters<Store['codes']['redeem']>) => {
      const outcome = await redeem(...args);
      await action();
      return outcome;
    };
    try {
      await work();
    } finally {
      codes.redeem = redeem;
    }
  }

  it('issues no tokens when the disable or delete lands after the answer was checked', async () => {
    const races = [
      { what: 'disabled', client: clientId, action: disable, refusal: DISABLED },
      { what: 'deleted', client: clientId, action: remove, refusal: NOT_FOUND },
      { what: 'deleted-quietly', client: quietClientId, action: remove, refusal: WRONG_CREDENTIALS },
    ];
    for (const { what, client, action, refusal } of races) {
      const username = `raced-${what}`;
      const answer = await oneTimeCode('EMAIL_OTP').start(client, username);
      await landingAfterRedeem(() => action(username), () => expectError(answer(), ...refusal));
    }
  });
});
