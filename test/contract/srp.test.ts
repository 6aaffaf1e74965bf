// USER_SRP_AUTH and PASSWORD_VERIFIER through the real AWS SDK against a real keypool.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { computeSecretHash } from '../../src/auth/secretHash.js';
import { N, toHex } from '../../src/auth/srpMath.js';
import { formatSrpTimestamp } from '../../src/auth/srpTimestamp.js';
import { PASSWORD, createClient, createPool, createUser, expectError, poolWithUser, tampered } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SrpTestClient } from '../support/srpClient.js';

const WRONG = 'Incorrect username or password.';

describe('USER_SRP_AUTH', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    server = await startTestServer();
    const pool = await createPool(server.cognito);
    poolId = pool.Id!;
    clientId = (await createClient(server.cognito, poolId)).ClientId!;
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
  });
  after(() => server.dispose());

  const start = (srp: SrpTestClient, username = 'alice', client = clientId) =>
    server.cognito.send(
      new InitiateAuthCommand({ ClientId: client, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }),
    );
  const answer = (responses: Record<string, string>, client = clientId, session?: string) =>
    server.cognito.send(
      new RespondToAuthChallengeCommand({ ClientId: client, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses, Session: session }),
    );
  const challenge = async (username = 'alice') => {
    const srp = new SrpTestClient(poolId);
    const started = await start(srp, username);
    return { srp, started, parameters: started.ChallengeParameters! };
  };

  test('answers PASSWORD_VERIFIER with Cognito parameters and no Session, then issues tokens', async () => {
    const { srp, started, parameters } = await challenge();
    assert.equal(started.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(started.Session, undefined);
    assert.deepEqual(Object.keys(parameters).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    assert.match(parameters.SALT!, /^(?!00)[0-9a-f]{32}$/);
    assert.match(parameters.SRP_B!, /^[1-9a-f][0-9a-f]*$/);
    assert.match(parameters.SECRET_BLOCK!, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(parameters.SECRET_BLOCK!.length % 4, 0);
    assert.equal(parameters.USER_ID_FOR_SRP, 'alice');
    assert.equal(parameters.USERNAME, 'alice');

    const result = await answer(srp.answer(parameters, PASSWORD, server.clock.now()));
    assert.ok(result.AuthenticationResult?.AccessToken);
    assert.ok(result.AuthenticationResult?.IdToken);
    assert.ok(result.AuthenticationResult?.RefreshToken);
    assert.equal(result.ChallengeName, undefined);
  });

  test('signing in by an alias gives the internal username as USER_ID_FOR_SRP', async () => {
    const { poolId: aliasPoolId, clientId: aliasClient } = await poolWithUser(server.cognito, {
      pool: { PoolName: 'alias-pool', AliasAttributes: ['email'] },
      username: 'bob',
    });
    const srp = new SrpTestClient(aliasPoolId);
    const started = await start(srp, 'bob@example.com', aliasClient);
    assert.equal(started.ChallengeParameters!.USER_ID_FOR_SRP, 'bob');
    const result = await answer(srp.answer(started.ChallengeParameters!, PASSWORD, server.clock.now()), aliasClient);
    assert.ok(result.AuthenticationResult?.AccessToken);
  });

  test('a wrong password is refused', async () => {
    const { srp, parameters } = await challenge();
    await expectError(answer(srp.answer(parameters, 'Wrong-passw0rd!', server.clock.now())), 'NotAuthorizedException', WRONG);
  });

  test('a secret block is single-use: replaying a good answer is refused', async () => {
    const { srp, parameters } = await challenge();
    const responses = srp.answer(parameters, PASSWORD, server.clock.now());
    await answer(responses);
    await expectError(answer(responses), 'NotAuthorizedException', WRONG);
  });

  test('a tampered secret block, signature or USERNAME is refused', async () => {
    for (const tamper of [
      (r: Record<string, string>) => ({ ...r, PASSWORD_CLAIM_SECRET_BLOCK: tampered(r.PASSWORD_CLAIM_SECRET_BLOCK!) }),
      (r: Record<string, string>) => ({ ...r, PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32, 7).toString('base64') }),
      (r: Record<string, string>) => ({ ...r, PASSWORD_CLAIM_SIGNATURE: 'c2hvcnQ=' }),
      (r: Record<string, string>) => ({ ...r, USERNAME: 'mallory' }),
    ]) {
      const { srp, parameters } = await challenge();
      const good = srp.answer(parameters, PASSWORD, server.clock.now());
      await expectError(answer(tamper(good)), 'NotAuthorizedException', WRONG);
    }
  });

  test('the secret block belongs to the app client that asked for it', async () => {
    const other = (await createClient(server.cognito, poolId, { ClientName: 'other' })).ClientId!;
    const { srp, parameters } = await challenge();
    await expectError(answer(srp.answer(parameters, PASSWORD, server.clock.now()), other), 'NotAuthorizedException', WRONG);
  });

  test('TIMESTAMP: unparsable is InvalidParameterException and spends nothing; zero-padded, wrong weekday or skewed is refused', async () => {
    const { srp, parameters } = await challenge();
    const now = server.clock.now();
    await expectError(
      answer(srp.answer(parameters, PASSWORD, now, new Date(now).toISOString())),
      'InvalidParameterException',
      'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
    );
    // The block is still good after a malformed answer.
    assert.ok((await answer(srp.answer(parameters, PASSWORD, now))).AuthenticationResult);

    // Move on to the 5th of next month, a day of month a client could wrongly zero-pad.
    const today = new Date(server.clock.now());
    server.clock.set(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 5, 9, 4, 7));
    const at = server.clock.now();
    const canonical = formatSrpTimestamp(at);
    const padded = canonical.replace(/^(\w+ \w+ )5 /, '$105 ');
    const wrongWeekday = canonical.replace(/^\w+/, (day) => (day === 'Mon' ? 'Tue' : 'Mon'));
    for (const odd of [padded, wrongWeekday]) {
      const next = await challenge();
      await expectError(answer(next.srp.answer(next.parameters, PASSWORD, at, odd)), 'NotAuthorizedException', WRONG);
    }
    const skewed = await challenge();
    await expectError(answer(skewed.srp.answer(skewed.parameters, PASSWORD, at - 6 * 60_000)), 'NotAuthorizedException', WRONG);
    const withinSkew = await challenge();
    assert.ok((await answer(withinSkew.srp.answer(withinSkew.parameters, PASSWORD, at - 4 * 60_000))).AuthenticationResult);
  });

  test('an expired secret block is refused', async () => {
    const { srp, parameters } = await challenge();
    server.clock.advance(4 * 60_000);
    await expectError(answer(srp.answer(parameters, PASSWORD, server.clock.now())), 'NotAuthorizedException', WRONG);
  });

  test('SRP_A that is 0 mod N, oversize or missing is InvalidParameterException', async () => {
    for (const SRP_A of ['0', toHex(N), toHex(2n * N), 'f'.repeat(2000), 'not-hex']) {
      await expectError(
        server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A } })),
        'InvalidParameterException',
      );
    }
    await expectError(
      server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice' } })),
      'InvalidParameterException',
      'Missing required parameter SRP_A',
    );
  });

  test('missing challenge responses are InvalidParameterException', async () => {
    const { srp, parameters } = await challenge();
    const { TIMESTAMP, ...rest } = srp.answer(parameters, PASSWORD, server.clock.now());
    void TIMESTAMP;
    await expectError(answer(rest), 'InvalidParameterException', 'Missing required parameter TIMESTAMP');
  });

  test('a client without ALLOW_USER_SRP_AUTH refuses the flow', async () => {
    const passwordOnly = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await expectError(start(new SrpTestClient(poolId), 'alice', passwordOnly), 'InvalidParameterException', 'USER_SRP_AUTH flow not enabled for this client');
  });

  test('unknown user: UserNotFoundException, or a challenge whose every answer is the wrong-password one when the client prevents existence errors', async () => {
    await expectError(start(new SrpTestClient(poolId), 'nobody'), 'UserNotFoundException', 'User does not exist.');
    const quiet = (await createClient(server.cognito, poolId, { PreventUserExistenceErrors: 'ENABLED' })).ClientId!;
    const srp = new SrpTestClient(poolId);
    const started = await start(srp, 'nobody', quiet);
    assert.equal(started.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(started.ChallengeParameters!.USER_ID_FOR_SRP, 'nobody');
    await expectError(answer(srp.answer(started.ChallengeParameters!, PASSWORD, server.clock.now()), quiet), 'NotAuthorizedException', WRONG);
  });

  test('a user with a temporary password goes on to NEW_PASSWORD_REQUIRED', async () => {
    await server.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', TemporaryPassword: 'Temp-passw0rd!', MessageAction: 'SUPPRESS' }),
    );
    const { srp, parameters } = await challenge('carol');
    const result = await answer(srp.answer(parameters, 'Temp-passw0rd!', server.clock.now()));
    assert.equal(result.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.ok(result.Session);
    assert.equal(result.AuthenticationResult, undefined);
  });

  test('wrong SRP answers count toward lockout', async () => {
    await createUser(server.cognito, poolId, 'dave');
    for (let i = 0; i < 5; i++) {
      const { srp, parameters } = await challenge('dave');
      await expectError(answer(srp.answer(parameters, 'Wrong-passw0rd!', server.clock.now())), 'NotAuthorizedException', WRONG);
    }
    const { srp, parameters } = await challenge('dave');
    await expectError(answer(srp.answer(parameters, PASSWORD, server.clock.now())), 'NotAuthorizedException', 'Password attempts exceeded');
    server.clock.advance(2000);
    const later = await challenge('dave');
    assert.ok((await answer(later.srp.answer(later.parameters, PASSWORD, server.clock.now()))).AuthenticationResult);
  });

  test('a client with a secret needs SECRET_HASH on both steps, over the internal username when answering', async () => {
    const secretive = await createClient(server.cognito, poolId, { ClientName: 'secretive', GenerateSecret: true });
    const id = secretive.ClientId!;
    const secret = secretive.ClientSecret!;
    const srp = new SrpTestClient(poolId);
    await expectError(start(srp, 'alice', id), 'NotAuthorizedException', `Client ${id} is configured with secret but SECRET_HASH was not received`);
    const started: InitiateAuthCommandOutput = await server.cognito.send(
      new InitiateAuthCommand({
        ClientId: id,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'alice', SRP_A: srp.srpA, SECRET_HASH: computeSecretHash(secret, 'alice', id) },
      }),
    );
    const responses = srp.answer(started.ChallengeParameters!, PASSWORD, server.clock.now());
    await expectError(answer({ ...responses, SECRET_HASH: computeSecretHash(secret, 'someone', id) }, id), 'NotAuthorizedException', `Unable to verify secret hash for client ${id}`);
    const result = await answer({ ...responses, SECRET_HASH: computeSecretHash(secret, 'alice', id) }, id);
    assert.ok(result.AuthenticationResult?.AccessToken);
  });

  test('USER_AUTH: PREFERRED_CHALLENGE PASSWORD_SRP and SELECT_CHALLENGE ANSWER PASSWORD_SRP give PASSWORD_VERIFIER with a Session', async () => {
    const preferred = new SrpTestClient(poolId);
    const started = await server.cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: preferred.srpA },
      }),
    );
    assert.equal(started.ChallengeName, 'PASSWORD_VERIFIER');
    assert.ok(started.Session);
    const responses = preferred.answer(started.ChallengeParameters!, PASSWORD, server.clock.now());
    // The Session goes with the secret block: another one is refused, and that spends the block.
    await expectError(answer(responses, clientId, `${started.Session!.slice(0, -4)}AAAA`), 'NotAuthorizedException', 'Invalid session for the user.');
    await expectError(answer(responses, clientId, started.Session), 'NotAuthorizedException', WRONG);

    const again = new SrpTestClient(poolId);
    const retried = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: again.srpA } }),
    );
    const signedIn = await answer(again.answer(retried.ChallengeParameters!, PASSWORD, server.clock.now()), clientId, retried.Session);
    assert.ok(signedIn.AuthenticationResult?.AccessToken);

    const choice = await server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice' } }));
    assert.equal(choice.ChallengeName, 'SELECT_CHALLENGE');
    assert.ok(choice.AvailableChallenges?.includes('PASSWORD_SRP'));
    const selecting = new SrpTestClient(poolId);
    const selected = await server.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: choice.Session,
        ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD_SRP', SRP_A: selecting.srpA },
      }),
    );
    assert.equal(selected.ChallengeName, 'PASSWORD_VERIFIER');
    assert.ok(selected.Session);
    const done = await answer(selecting.answer(selected.ChallengeParameters!, PASSWORD, server.clock.now()), clientId, selected.Session);
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  test('AdminInitiateAuth USER_SRP_AUTH and AdminRespondToAuthChallenge', async () => {
    const srp = new SrpTestClient(poolId);
    const started = await server.cognito.send(
      new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'alice', SRP_A: srp.srpA } }),
    );
    assert.equal(started.ChallengeName, 'PASSWORD_VERIFIER');
    const result = await server.cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: srp.answer(started.ChallengeParameters!, PASSWORD, server.clock.now()),
      }),
    );
    assert.ok(result.AuthenticationResult?.AccessToken);
  });
});
