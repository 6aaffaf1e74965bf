// Races through the API: for each single-use thing and each uniqueness rule, many concurrent
// attempts and exactly one winner. Runs on SQLite, and on PostgreSQL with KEYPOOL_TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  CompleteWebAuthnRegistrationCommand,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  StartWebAuthnRegistrationCommand,
  AdminGetUserCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { createClient, createPool, createUser, PASSWORD, signIn } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { ORIGIN, passkeyPool } from '../support/userAuth.js';

const ATTEMPTS = 16;

/** Runs `attempt` ATTEMPTS times at once; returns the winners' results and the losers' error names. */
async function race<T>(attempt: (i: number) => Promise<T>) {
  const settled = await Promise.allSettled(Array.from({ length: ATTEMPTS }, (_, i) => attempt(i)));
  const winners = settled.filter((s): s is PromiseFulfilledResult<Awaited<T>> => s.status === 'fulfilled').map((s) => s.value);
  const losers = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => (s.reason as Error).name);
  return { winners, losers };
}

function assertOneWinner(result: { winners: unknown[]; losers: string[] }, allowedLosses: string[]) {
  assert.equal(result.winners.length, 1, `one winner (losers: ${result.losers.join(', ')})`);
  for (const loss of result.losers) assert.ok(allowedLosses.includes(loss), `unexpected ${loss}`);
}

describe('races: exactly one winner', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.dispose());

  it('a registration challenge completes once', async () => {
    const { cognito } = server;
    const { poolId, clientId } = await passkeyPool(cognito);
    await createUser(cognito, poolId, 'reg', { email: 'reg@example.com', email_verified: 'true' });
    const { AccessToken } = await signIn(cognito, clientId, 'reg');
    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    const options = CredentialCreationOptions as unknown as PublicKeyCredentialCreationOptionsJSON;
    // Different authenticators answering the same challenge: only one may use it.
    const result = await race(() =>
      cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: new SoftAuthenticator().create(ORIGIN, options) as never })),
    );
    assertOneWinner(result, ['WebAuthnChallengeNotFoundException']);
    const { Credentials } = await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
    assert.equal(Credentials!.length, 1);
  });

  it('a credential id is registered once, across users', async () => {
    const { cognito } = server;
    const { poolId, clientId } = await passkeyPool(cognito);
    const sharedId = Buffer.alloc(32, 7).toString('base64url');
    const prepared: { AccessToken: string | undefined; credential: unknown }[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      await createUser(cognito, poolId, `cred-${i}`, { email: `cred-${i}@example.com`, email_verified: 'true' });
      const { AccessToken } = await signIn(cognito, clientId, `cred-${i}`);
      const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
      const credential = new SoftAuthenticator().create(ORIGIN, CredentialCreationOptions as unknown as PublicKeyCredentialCreationOptionsJSON, {
        attestedCredentialId: sharedId,
      });
      prepared.push({ AccessToken, credential });
    }
    const result = await race((i) =>
      cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: prepared[i]!.AccessToken, Credential: prepared[i]!.credential as never })),
    );
    assertOneWinner(result, ['InvalidParameterException']);
  });

  it('an auth session is answered once', async () => {
    const { cognito } = server;
    const { poolId, clientId } = await passkeyPool(cognito);
    await createUser(cognito, poolId, 'otp', { email: 'otp@example.com', email_verified: 'true' });
    const started = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'otp', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }),
    );
    const { code } = await latestMessage(server, poolId, 'otp');
    const result = await race(() =>
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'EMAIL_OTP',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'otp', EMAIL_OTP_CODE: code! },
        }),
      ),
    );
    assertOneWinner(result, ['NotAuthorizedException', 'CodeMismatchException']);
    assert.ok(result.winners[0]!.AuthenticationResult?.AccessToken);
  });

  it('a confirmation code is redeemed once', async () => {
    const { cognito } = server;
    const pool = await createPool(cognito, { AutoVerifiedAttributes: ['email'] });
    const client = await createClient(cognito, pool.Id!);
    await cognito.send(
      new SignUpCommand({ ClientId: client.ClientId!, Username: 'signer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'signer@example.com' }] }),
    );
    const { code } = await latestMessage(server, pool.Id!, 'signer');
    const result = await race(() =>
      cognito.send(new ConfirmSignUpCommand({ ClientId: client.ClientId!, Username: 'signer', ConfirmationCode: code! })),
    );
    // Losers whose guess the code lockout refused (the attempts are counted before the code is compared) hear LimitExceededException.
    assertOneWinner(result, ['NotAuthorizedException', 'ExpiredCodeException', 'CodeMismatchException', 'LimitExceededException']);
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id!, Username: 'signer' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
  });

  it('a refresh token rotates once; the loser cannot reuse it', async () => {
    const { cognito } = server;
    const pool = await createPool(cognito);
    const client = await createClient(cognito, pool.Id!, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    await createUser(cognito, pool.Id!, 'rotor');
    const { RefreshToken } = await signIn(cognito, client.ClientId!, 'rotor');
    const result = await race(() => cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId!, RefreshToken })));
    assertOneWinner(result, ['RefreshTokenReuseException']);
    const next = result.winners[0]!.AuthenticationResult!.RefreshToken!;
    assert.notEqual(next, RefreshToken);
    await assert.rejects(cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId!, RefreshToken })), {
      name: 'RefreshTokenReuseException',
    });
    const again = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: client.ClientId!, RefreshToken: next }));
    assert.ok(again.AuthenticationResult?.AccessToken);
  });

  it('a username is taken once', async () => {
    const { cognito } = server;
    const pool = await createPool(cognito);
    const result = await race(() =>
      cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id!, Username: 'same-name', MessageAction: 'SUPPRESS' })),
    );
    assertOneWinner(result, ['UsernameExistsException']);
  });

  it('a verified email alias is taken once', async () => {
    const { cognito } = server;
    const pool = await createPool(cognito, { AliasAttributes: ['email'] });
    const result = await race((i) =>
      cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.Id!,
          Username: `alias-${i}`,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: 'shared@example.com' },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
    );
    assertOneWinner(result, ['AliasExistsException']);
    const { Users } = await cognito.send(new ListUsersCommand({ UserPoolId: pool.Id! }));
    assert.equal(Users!.length, 1, 'no user was half-created by a loser');
  });

  it('an email username (UsernameAttributes) is taken once', async () => {
    const { cognito } = server;
    const pool = await createPool(cognito, { UsernameAttributes: ['email'] });
    const client = await createClient(cognito, pool.Id!);
    const result = await race(() =>
      cognito.send(
        new SignUpCommand({ ClientId: client.ClientId!, Username: 'first@example.com', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'first@example.com' }] }),
      ),
    );
    assertOneWinner(result, ['UsernameExistsException']);
  });
});
