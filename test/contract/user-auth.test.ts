// USER_AUTH choice-based sign-in through the real AWS SDK: enabling it, choosing a factor,
// SELECT_CHALLENGE, passwords within it, unknown users, and the state kept between steps.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { formatSrpTimestamp } from '../../src/auth/srpTimestamp.js';
import type { AuthSessionRecord, StoredAuthSession } from '../../src/store/records.js';
import { PASSWORD, createClient, createPool, createUser, expectError } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  adminRespondToChallenge,
  adminStartUserAuth,
  passkeyPool,
  respondToChallenge,
  selectChallenge,
  startPreferring,
  startUserAuth,
} from '../support/userAuth.js';

const INVALID_SESSION = 'Invalid session for the user.';

describe('USER_AUTH', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await passkeyPool(server.cognito));
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
  });
  after(() => server.dispose());

  it('refuses a client without ALLOW_USER_AUTH, and a LITE pool', async () => {
    const client = await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await expectError(
      startUserAuth(server.cognito, client.ClientId!, { USERNAME: 'alice' }),
      'InvalidParameterException',
      'USER_AUTH flow not enabled for this client',
    );
    const lite = await createPool(server.cognito, { UserPoolTier: 'LITE' });
    const liteClient = await createClient(server.cognito, lite.Id!, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await expectError(startUserAuth(server.cognito, liteClient.ClientId!, { USERNAME: 'alice' }), 'InvalidParameterException');
  });

  it('refuses a missing USERNAME and an unknown PREFERRED_CHALLENGE', async () => {
    await expectError(startUserAuth(server.cognito, clientId, {}), 'InvalidParameterException', 'Missing required parameter USERNAME');
    await expectError(
      startUserAuth(server.cognito, clientId, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'CARRIER_PIGEON' }),
      'InvalidParameterException',
      /^PREFERRED_CHALLENGE must be one of /,
    );
  });

  it('answers SELECT_CHALLENGE with what the user can answer when nothing is preferred', async () => {
    const result = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
    assert.equal(result.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(result.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    assert.deepEqual(result.ChallengeParameters, {});
    assert.ok(result.Session);
  });

  it('signs in with PREFERRED_CHALLENGE PASSWORD and the password, and refuses a wrong one', async () => {
    const result = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    assert.ok(result.AuthenticationResult?.AccessToken);
    assert.equal(result.AvailableChallenges, undefined);
    await expectError(
      startUserAuth(server.cognito, clientId, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wr0ng-password' }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('signs in by answering SELECT_CHALLENGE with PASSWORD, at once or in a PASSWORD challenge', async () => {
    const first = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
    const done = await respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD });
    assert.ok(done.AuthenticationResult?.RefreshToken);

    const second = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
    const asked = await respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', second.Session, { USERNAME: 'alice', ANSWER: 'PASSWORD' });
    assert.equal(asked.ChallengeName, 'PASSWORD');
    await expectError(respondToChallenge(server.cognito, clientId, 'PASSWORD', asked.Session, { USERNAME: 'alice' }), 'InvalidParameterException', 'Missing required parameter PASSWORD');
    const finished = await respondToChallenge(server.cognito, clientId, 'PASSWORD', asked.Session, { USERNAME: 'alice', PASSWORD });
    assert.ok(finished.AuthenticationResult?.IdToken);
  });

  it('starts SRP for PASSWORD_SRP with SRP_A: a PASSWORD_VERIFIER challenge with a Session', async () => {
    const srpA = (2n ** 1000n + 12345n).toString(16);
    const result = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srpA });
    assert.equal(result.ChallengeName, 'PASSWORD_VERIFIER');
    assert.ok(result.Session);
    assert.equal(result.ChallengeParameters!.USER_ID_FOR_SRP, 'alice');
    assert.ok(result.ChallengeParameters!.SRP_B && result.ChallengeParameters!.SALT && result.ChallengeParameters!.SECRET_BLOCK);
  });

  it('refuses an ANSWER that was not offered, and keeps the Session for a valid one', async () => {
    const first = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice', ANSWER: 'WEB_AUTHN' }),
      'InvalidParameterException',
      'ANSWER is not one of the challenges available for this sign-in.',
    );
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice' }),
      'InvalidParameterException',
      'Missing required parameter ANSWER',
    );
    const done = await respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD });
    assert.ok(done.AuthenticationResult);
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD }),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
  });

  it('offers only the password to a user who must change it', async () => {
    await server.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'newbie',
        TemporaryPassword: 'Temp0rary!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'newbie@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const result = await startUserAuth(server.cognito, clientId, { USERNAME: 'newbie', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(result.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(result.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
    const next = await respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', result.Session, {
      USERNAME: 'newbie',
      ANSWER: 'PASSWORD',
      PASSWORD: 'Temp0rary!',
    });
    assert.equal(next.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  });

  it('does not reveal an unknown user when choosing, and refuses the password as the client is configured', async () => {
    const result = await startUserAuth(server.cognito, clientId, { USERNAME: 'nobody' });
    assert.equal(result.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(result.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', result.Session, { USERNAME: 'nobody', ANSWER: 'PASSWORD', PASSWORD }),
      'UserNotFoundException',
      'User does not exist.',
    );
    const preventing = await createClient(server.cognito, poolId, { PreventUserExistenceErrors: 'ENABLED' });
    await expectError(
      startUserAuth(server.cognito, preventing.ClientId!, { USERNAME: 'nobody', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    const webAuthn = await startUserAuth(server.cognito, clientId, { USERNAME: 'nobody', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(webAuthn.ChallengeName, 'SELECT_CHALLENGE', 'as for a real user without passkeys');
  });

  it('checks SECRET_HASH on a client with a secret, at each step', async () => {
    const client = await createClient(server.cognito, poolId, { GenerateSecret: true });
    const hash = computeSecretHash(client.ClientSecret!, 'alice', client.ClientId!);
    await expectError(startUserAuth(server.cognito, client.ClientId!, { USERNAME: 'alice' }), 'NotAuthorizedException', /SECRET_HASH was not received/);
    const first = await startUserAuth(server.cognito, client.ClientId!, { USERNAME: 'alice', SECRET_HASH: hash });
    await expectError(
      respondToChallenge(server.cognito, client.ClientId!, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD, SECRET_HASH: 'x' }),
      'NotAuthorizedException',
      `Unable to verify secret hash for client ${client.ClientId}`,
    );
    const second = await startUserAuth(server.cognito, client.ClientId!, { USERNAME: 'alice', SECRET_HASH: hash });
    const done = await respondToChallenge(server.cognito, client.ClientId!, 'SELECT_CHALLENGE', second.Session, {
      USERNAME: 'alice',
      ANSWER: 'PASSWORD',
      PASSWORD,
      SECRET_HASH: hash,
    });
    assert.ok(done.AuthenticationResult);
  });

  it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const first = await adminStartUserAuth(server.cognito, poolId, clientId, { USERNAME: 'alice' });
    assert.equal(first.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(first.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    const done = await adminRespondToChallenge(server.cognito, poolId, clientId, 'SELECT_CHALLENGE', first.Session, { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  // The state kept between steps is read back as the kind of step its challenge names, or not at
  // all: a Session of another step, or a stored session whose state is not what its step keeps
  // (written by another version, or by hand), is refused as an invalid session, never misread.
  describe('state between steps', () => {
    /** The session stored for a Session the server handed out. */
    async function storedSession(token: string): Promise<StoredAuthSession> {
      const stored = await server.keypool.app.store.sessions.get(token);
      assert.ok(stored);
      return stored;
    }

    /** Writes a session past the typed functions, as a foreign writer could; answers with its id. */
    async function writeForged(session: StoredAuthSession): Promise<string> {
      await server.keypool.app.store.sessions.create(session as AuthSessionRecord);
      return session.id;
    }

    it('refuses a Session of one step answered as another', async () => {
      const otp = await startPreferring(server.cognito, clientId, 'alice', 'EMAIL_OTP');
      assert.equal(otp.ChallengeName, 'EMAIL_OTP');
      await expectError(
        respondToChallenge(server.cognito, clientId, 'WEB_AUTHN', otp.Session, { USERNAME: 'alice', CREDENTIAL: '{}' }),
        'NotAuthorizedException',
        INVALID_SESSION,
      );
      const choice = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
      assert.equal(choice.ChallengeName, 'SELECT_CHALLENGE');
      await expectError(
        respondToChallenge(server.cognito, clientId, 'EMAIL_OTP', choice.Session, { USERNAME: 'alice', EMAIL_OTP_CODE: '123456' }),
        'NotAuthorizedException',
        INVALID_SESSION,
      );
    });

    it('refuses a WEB_AUTHN session that keeps no request options, before any assertion is checked', async () => {
      const choice = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
      const stored = await storedSession(choice.Session!);
      // A SELECT_CHALLENGE step's state under the WEB_AUTHN challenge: no challenge, rpId or userVerification.
      const forged = await writeForged({ ...stored, id: randomUUID(), challengeName: 'WEB_AUTHN' });
      await expectError(
        respondToChallenge(server.cognito, clientId, 'WEB_AUTHN', forged, { USERNAME: 'alice', CREDENTIAL: '{}' }),
        'NotAuthorizedException',
        INVALID_SESSION,
      );
    });

    it('refuses a SELECT_CHALLENGE session whose available challenges are not a list, sending no code', async () => {
      const choice = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
      const stored = await storedSession(choice.Session!);
      // A text that contains every name would pass a substring test for any ANSWER.
      const forged = await writeForged({ ...stored, id: randomUUID(), data: { ...(stored.data as object), available: 'PASSWORD_SRP PASSWORD EMAIL_OTP' } });
      const outboxBefore = await server.keypool.app.store.outbox.list({ limit: 1000 });
      await expectError(selectChallenge(server.cognito, clientId, 'alice', forged, 'EMAIL_OTP'), 'NotAuthorizedException', INVALID_SESSION);
      assert.deepEqual(await server.keypool.app.store.outbox.list({ limit: 1000 }), outboxBefore);
    });

    it('refuses a PASSWORD_VERIFIER record without its SRP values as a wrong password, not an internal error', async () => {
      const secretBlock = randomBytes(64);
      const now = server.clock.now();
      await writeForged({
        id: createHash('sha256').update(secretBlock).digest('base64url'),
        poolId,
        clientId,
        username: 'alice',
        challengeName: 'PASSWORD_VERIFIER',
        data: {},
        createdAt: now,
        expiresAt: now + 60_000,
      });
      await expectError(
        respondToChallenge(server.cognito, clientId, 'PASSWORD_VERIFIER', undefined, {
          USERNAME: 'alice',
          PASSWORD_CLAIM_SECRET_BLOCK: secretBlock.toString('base64'),
          TIMESTAMP: formatSrpTimestamp(now),
          PASSWORD_CLAIM_SIGNATURE: randomBytes(32).toString('base64'),
        }),
        'NotAuthorizedException',
        'Incorrect username or password.',
      );
    });
  });
});
