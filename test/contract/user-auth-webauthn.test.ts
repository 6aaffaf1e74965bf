// USER_AUTH with passkeys (WEB_AUTHN) through the real AWS SDK and a software authenticator: the
// request options, a successful sign-in, and every refusal (one generic NotAuthorizedException).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminSetUserMFAPreferenceCommand, DeleteWebAuthnCredentialCommand, GetUserCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { claims, createClient, createUser, expectError, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import {
  ORIGIN,
  adminRespondToChallenge,
  adminStartUserAuth,
  answerPasskey,
  passkeyPool,
  passkeySignIn,
  registerPasskey,
  respondToChallenge,
  selectChallenge,
  startPasskeySignIn,
  startPreferring,
  startUserAuth,
  userWithPasskey,
} from '../support/userAuth.js';

const REFUSED = 'Invalid passkey credential for the user.';


describe('USER_AUTH with WEB_AUTHN', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let alice: Awaited<ReturnType<typeof userWithPasskey>>;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await passkeyPool(server.cognito));
    alice = await userWithPasskey(server.cognito, poolId, clientId, 'alice');
  });
  after(() => server.dispose());

  it('answers PREFERRED_CHALLENGE WEB_AUTHN with request options shaped as Cognito sends them', async () => {
    const result = await startPreferring(server.cognito, clientId, 'alice', 'WEB_AUTHN');
    assert.equal(result.ChallengeName, 'WEB_AUTHN');
    assert.deepEqual(result.AvailableChallenges, ['WEB_AUTHN']);
    assert.ok(result.Session && result.Session.length >= 20);
    assert.deepEqual(Object.keys(result.ChallengeParameters!), ['CREDENTIAL_REQUEST_OPTIONS']);
    const text = result.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!;
    const options = JSON.parse(text);
    assert.deepEqual(Object.keys(options), [
      'hints',
      'attestation',
      'attestationFormats',
      'challenge',
      'timeout',
      'rpId',
      'allowCredentials',
      'userVerification',
    ]);
    assert.equal(text, JSON.stringify(options), 'compact JSON');
    assert.deepEqual(options.hints, []);
    assert.equal(options.attestation, 'none');
    assert.deepEqual(options.attestationFormats, []);
    assert.ok(Buffer.from(options.challenge, 'base64url').length >= 16);
    assert.equal(options.timeout, 180000);
    assert.equal(options.rpId, 'localhost');
    assert.deepEqual(options.allowCredentials, [{ id: alice.credentialId, type: 'public-key' }]);
    assert.equal(options.userVerification, 'preferred');
    const again = await startPasskeySignIn(server.cognito, clientId, 'alice');
    assert.notEqual(again.options.challenge, options.challenge, 'a fresh challenge every time');
  });

  it('signs in with the assertion, and moves the sign count', async () => {
    const result = await passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator);
    assert.deepEqual(result.ChallengeParameters, {});
    const tokens = result.AuthenticationResult!;
    assert.equal(tokens.TokenType, 'Bearer');
    assert.equal(claims(tokens.AccessToken!).username, 'alice');
    const user = await server.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    assert.equal(user.Username, 'alice');
    // A second sign-in works with the next count.
    const second = await passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator);
    assert.ok(second.AuthenticationResult?.AccessToken);
  });

  it('refuses a Session used twice, an expired one and one of another app client', async () => {
    const { session, options } = await startPasskeySignIn(server.cognito, clientId, 'alice');
    const assertion = alice.authenticator.get(ORIGIN, options);
    await answerPasskey(server.cognito, clientId, 'alice', session, assertion);
    await expectError(
      answerPasskey(server.cognito, clientId, 'alice', session, assertion),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );

    const late = await startPasskeySignIn(server.cognito, clientId, 'alice');
    server.clock.advance(3 * 60_000 + 1000);
    await expectError(
      answerPasskey(server.cognito, clientId, 'alice', late.session, alice.authenticator.get(ORIGIN, late.options)),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );

    const other = await createClient(server.cognito, poolId);
    const foreign = await startPasskeySignIn(server.cognito, clientId, 'alice');
    await expectError(
      answerPasskey(server.cognito, other.ClientId!, 'alice', foreign.session, alice.authenticator.get(ORIGIN, foreign.options)),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
  });

  const refusals: [string, Parameters<SoftAuthenticator['get']>[2]][] = [
    ['a bad signature', { badSignature: true }],
    ["another relying party's assertion", { rpId: 'evil.example' }],
    ['a wrong origin', { origin: 'https://evil.example' }],
    ['a wrong clientData type', { type: 'webauthn.create' }],
    ['another challenge', { challenge: Buffer.alloc(16, 7).toString('base64url') }],
    ['user presence missing', { userPresent: false }],
  ];
  for (const [what, tamper] of refusals) {
    it(`refuses ${what} with NotAuthorizedException and no tokens`, async () => {
      await expectError(passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator, tamper), 'NotAuthorizedException', REFUSED);
    });
  }

  it('refuses a sign count that fails to increase (a cloned authenticator)', async () => {
    // After a sign-in that succeeds, the server holds the authenticator's own count.
    await passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator);
    const count = alice.authenticator.signCountOf(alice.credentialId)!;
    assert.ok(count > 1);
    await expectError(
      passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator, { signCount: count }),
      'NotAuthorizedException',
      REFUSED,
    );
    await expectError(
      passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator, { signCount: count - 1 }),
      'NotAuthorizedException',
      REFUSED,
    );
    await expectError(
      passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator, { signCount: 0 }),
      'NotAuthorizedException',
      REFUSED,
    );
    // The genuine authenticator, one step ahead, still signs in.
    assert.ok((await passkeySignIn(server.cognito, clientId, 'alice', alice.authenticator)).AuthenticationResult);
  });

  it("refuses another user's credential and a user handle that is not the user's", async () => {
    const bob = await userWithPasskey(server.cognito, poolId, clientId, 'bob');
    const { session, options } = await startPasskeySignIn(server.cognito, clientId, 'alice');
    const bobs = bob.authenticator.get(ORIGIN, { ...options, allowCredentials: [] });
    await expectError(answerPasskey(server.cognito, clientId, 'alice', session, bobs), 'NotAuthorizedException', REFUSED);

    const next = await startPasskeySignIn(server.cognito, clientId, 'alice');
    const assertion = alice.authenticator.get(ORIGIN, next.options);
    assertion.response.userHandle = Buffer.from('00000000-0000-0000-0000-000000000000').toString('base64url');
    await expectError(answerPasskey(server.cognito, clientId, 'alice', next.session, assertion), 'NotAuthorizedException', REFUSED);
  });

  it('refuses a credential deleted during the sign-in', async () => {
    const authenticator = new SoftAuthenticator();
    const carol = await userWithPasskey(server.cognito, poolId, clientId, 'carol', authenticator);
    const { session, options } = await startPasskeySignIn(server.cognito, clientId, 'carol');
    await server.cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: carol.accessToken, CredentialId: carol.credentialId }));
    await expectError(
      answerPasskey(server.cognito, clientId, 'carol', session, authenticator.get(ORIGIN, options)),
      'NotAuthorizedException',
      REFUSED,
    );
  });

  it('refuses a CREDENTIAL that is not an AuthenticationResponseJSON', async () => {
    for (const credential of ['not json', '{}', '{"id":"x","rawId":"x","type":"public-key","response":{}}']) {
      const { session } = await startPasskeySignIn(server.cognito, clientId, 'alice');
      await expectError(
        respondToChallenge(server.cognito, clientId, 'WEB_AUTHN', session, { USERNAME: 'alice', CREDENTIAL: credential }),
        'NotAuthorizedException',
        REFUSED,
      );
    }
  });

  it('asks again for a missing CREDENTIAL without spending the Session; refuses another USERNAME', async () => {
    const { session, options } = await startPasskeySignIn(server.cognito, clientId, 'alice');
    await expectError(
      respondToChallenge(server.cognito, clientId, 'WEB_AUTHN', session, { USERNAME: 'alice' }),
      'InvalidParameterException',
      'Missing required parameter CREDENTIAL',
    );
    const assertion = alice.authenticator.get(ORIGIN, options);
    await expectError(
      answerPasskey(server.cognito, clientId, 'bob', session, assertion),
      'NotAuthorizedException',
      'Invalid session provided for the user.',
    );
    const fresh = await startPasskeySignIn(server.cognito, clientId, 'alice');
    const retried = await respondToChallenge(server.cognito, clientId, 'WEB_AUTHN', fresh.session, { USERNAME: 'alice' }).catch(() => undefined);
    assert.equal(retried, undefined);
    const done = await answerPasskey(server.cognito, clientId, 'alice', fresh.session, alice.authenticator.get(ORIGIN, fresh.options));
    assert.ok(done.AuthenticationResult?.AccessToken, 'the Session survived the incomplete answer');
  });

  it('falls back to SELECT_CHALLENGE for a user without passkeys, and goes on to WEB_AUTHN when chosen', async () => {
    await createUser(server.cognito, poolId, 'dave', { email: 'dave@example.com', email_verified: 'true' });
    const fallback = await startPreferring(server.cognito, clientId, 'dave', 'WEB_AUTHN');
    assert.equal(fallback.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(fallback.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);

    const choice = await startUserAuth(server.cognito, clientId, { USERNAME: 'alice' });
    assert.equal(choice.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(choice.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP']);
    const chosen = await selectChallenge(server.cognito, clientId, 'alice', choice.Session, 'WEB_AUTHN');
    assert.equal(chosen.ChallengeName, 'WEB_AUTHN');
    assert.notEqual(chosen.Session, choice.Session);
    const options = JSON.parse(chosen.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    const done = await answerPasskey(server.cognito, clientId, 'alice', chosen.Session!, alice.authenticator.get(ORIGIN, options));
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it('works through AdminInitiateAuth and AdminRespondToAuthChallenge', async () => {
    const started = await adminStartUserAuth(server.cognito, poolId, clientId, { USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(started.ChallengeName, 'WEB_AUTHN');
    const options = JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    const done = await adminRespondToChallenge(server.cognito, poolId, clientId, 'WEB_AUTHN', started.Session, {
      USERNAME: 'alice',
      CREDENTIAL: JSON.stringify(alice.authenticator.get(ORIGIN, options)),
    });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });
});

describe('USER_AUTH with WEB_AUTHN: pool settings', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  it('signs in by an alias (email) as USERNAME', async () => {
    const { poolId, clientId } = await passkeyPool(server.cognito, { pool: { AliasAttributes: ['email'] } });
    const erin = await userWithPasskey(server.cognito, poolId, clientId, 'erin');
    const result = await passkeySignIn(server.cognito, clientId, 'erin@example.com', erin.authenticator);
    assert.equal(claims(result.AuthenticationResult!.AccessToken!).username, 'erin');
  });

  it('requires user verification when the pool does', async () => {
    const { poolId, clientId } = await passkeyPool(server.cognito, { userVerification: 'required' });
    const frank = await userWithPasskey(server.cognito, poolId, clientId, 'frank');
    const { options } = await startPasskeySignIn(server.cognito, clientId, 'frank');
    assert.equal(options.userVerification, 'required');
    await expectError(
      passkeySignIn(server.cognito, clientId, 'frank', frank.authenticator, { userVerified: false }),
      'NotAuthorizedException',
      REFUSED,
    );
    assert.ok((await passkeySignIn(server.cognito, clientId, 'frank', frank.authenticator)).AuthenticationResult);
  });

  it('lets a user-verified passkey satisfy required MFA under MULTI_FACTOR_WITH_USER_VERIFICATION, and nothing less', async () => {
    const { poolId, clientId } = await passkeyPool(server.cognito);
    const gina = await userWithPasskey(server.cognito, poolId, clientId, 'gina');
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred', FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      }),
    );
    assert.ok((await passkeySignIn(server.cognito, clientId, 'gina', gina.authenticator)).AuthenticationResult?.AccessToken);
    // Where MFA applies, the passkey must stand for both factors: user verification is required.
    assert.equal((await startPasskeySignIn(server.cognito, clientId, 'gina')).options.userVerification, 'required');
    await expectError(passkeySignIn(server.cognito, clientId, 'gina', gina.authenticator, { userVerified: false }), 'NotAuthorizedException', REFUSED);

    // Under SINGLE_FACTOR a passkey is one factor, which MFA does not combine with: it is not offered.
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' },
      }),
    );
    const offered = await startPreferring(server.cognito, clientId, 'gina', 'WEB_AUTHN');
    assert.equal(offered.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(offered.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
  });

  it('passkey MFA (WebAuthnMfaSettings) needs the multi-factor pool setting and another type, then asks the user\'s passkeys for user verification', async () => {
    const { poolId, clientId } = await passkeyPool(server.cognito, { factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION', userVerification: 'preferred' });
    const ivy = await userWithPasskey(server.cognito, poolId, clientId, 'ivy');
    const set = (input: object) => server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'ivy', ...input }));
    await expectError(set({ WebAuthnMfaSettings: { Enabled: true } }), 'InvalidParameterException', /at least one other MFA type/);
    await set({ EmailMfaSettings: { Enabled: true }, WebAuthnMfaSettings: { Enabled: true } });
    assert.equal((await startPasskeySignIn(server.cognito, clientId, 'ivy')).options.userVerification, 'required');
    await expectError(passkeySignIn(server.cognito, clientId, 'ivy', ivy.authenticator, { userVerified: false }), 'NotAuthorizedException', REFUSED);
    assert.ok((await passkeySignIn(server.cognito, clientId, 'ivy', ivy.authenticator)).AuthenticationResult?.AccessToken);
    await set({ WebAuthnMfaSettings: { Enabled: false } });
    assert.equal((await startPasskeySignIn(server.cognito, clientId, 'ivy')).options.userVerification, 'preferred');
  });

  it('registers on one authenticator and signs in with a second passkey of the same user', async () => {
    const { poolId, clientId } = await passkeyPool(server.cognito);
    const hank = await userWithPasskey(server.cognito, poolId, clientId, 'hank');
    const second = new SoftAuthenticator({ signCountStep: 0 });
    const { AccessToken } = await signIn(server.cognito, clientId, 'hank');
    const secondId = await registerPasskey(server.cognito, AccessToken!, second);
    const { options } = await startPasskeySignIn(server.cognito, clientId, 'hank');
    assert.deepEqual(options.allowCredentials!.map((c) => c.id).sort(), [hank.credentialId, secondId].sort());
    // An authenticator without a counter (always 0) is accepted, again and again.
    assert.ok((await passkeySignIn(server.cognito, clientId, 'hank', second)).AuthenticationResult);
    assert.ok((await passkeySignIn(server.cognito, clientId, 'hank', second)).AuthenticationResult);
  });
});
