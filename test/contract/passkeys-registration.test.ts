// Passkey registration through the real AWS SDK: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
// ListWebAuthnCredentials, DeleteWebAuthnCredential and GetUserAuthFactors, with a software authenticator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminGetUserAuthFactorsCommand,
  CompleteWebAuthnRegistrationCommand,
  CreateUserPoolDomainCommand,
  DeleteWebAuthnCredentialCommand,
  GetUserAuthFactorsCommand,
  ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
  type WebAuthnConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, createUser, expectError, signIn, signedInUser, tampered } from '../support/fixtures.js';
import { SoftAuthenticator, type Tampering } from '../support/softAuthenticator.js';

const ORIGIN = 'https://example.com';
const PASSKEY_POOL: Partial<CreateUserPoolCommandInput> = {
  Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
};

async function passkeyUser(
  cognito: CognitoIdentityProviderClient,
  webAuthn: WebAuthnConfigurationType | null = { RelyingPartyId: 'example.com' },
  pool: Partial<CreateUserPoolCommandInput> = PASSKEY_POOL,
) {
  const user = await signedInUser(cognito, { pool });
  if (webAuthn) await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: user.pool.Id!, WebAuthnConfiguration: webAuthn }));
  return user;
}

async function start(cognito: CognitoIdentityProviderClient, accessToken: string) {
  const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  return CredentialCreationOptions as unknown as PublicKeyCredentialCreationOptionsJSON;
}

const complete = (cognito: CognitoIdentityProviderClient, accessToken: string, credential: unknown) =>
  cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));

async function register(
  cognito: CognitoIdentityProviderClient,
  accessToken: string,
  authenticator = new SoftAuthenticator(),
  origin = ORIGIN,
  tamper: Tampering = {},
) {
  const credential = authenticator.create(origin, await start(cognito, accessToken), tamper);
  const output = await complete(cognito, accessToken, credential);
  return { credential, output };
}

const list = (cognito: CognitoIdentityProviderClient, accessToken: string, more: { MaxResults?: number; NextToken?: string } = {}) =>
  cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken, ...more }));

describe('passkey registration', () => {
  let server: TestServer;
  let cognito: CognitoIdentityProviderClient;
  before(async () => {
    server = await startTestServer({ extraOrigins: ['android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q'] });
    cognito = server.cognito;
  });
  after(() => server.dispose());

  it('answers CredentialCreationOptions shaped as Cognito', async () => {
    const { accessToken, username } = await passkeyUser(cognito);
    const options = await start(cognito, accessToken);
    assert.deepEqual(options.rp, { id: 'example.com', name: 'example.com' });
    assert.equal(options.user.name, username);
    assert.equal(options.user.displayName, username);
    assert.match(Buffer.from(options.user.id, 'base64url').toString('utf8'), /^[0-9a-f-]{36}$/);
    assert.match(options.challenge, /^[A-Za-z0-9_-]{22,}$/);
    assert.ok(Buffer.from(options.challenge, 'base64url').length >= 16);
    assert.deepEqual(options.pubKeyCredParams, [
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -257 },
    ]);
    assert.equal(options.timeout, 60000);
    assert.deepEqual(options.excludeCredentials, []);
    assert.deepEqual(options.authenticatorSelection, { requireResidentKey: true, residentKey: 'required', userVerification: 'preferred' });
    assert.equal((options as unknown as Record<string, unknown>).attestation, undefined);
    const again = await start(cognito, accessToken);
    assert.notEqual(again.challenge, options.challenge);
  });

  it('registers ES256 and RS256 passkeys with none and packed attestation, and lists them', async () => {
    const { accessToken, pool, username } = await passkeyUser(cognito);
    const before = server.clock.now();
    const icloud = new SoftAuthenticator({ aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', transports: ['internal', 'hybrid'] });
    const first = await register(cognito, accessToken, icloud);
    assert.deepEqual(Object.keys(first.output).filter((k) => k !== '$metadata'), []);
    server.clock.advance(1000);
    const key = new SoftAuthenticator({ attestation: 'packed', algorithm: -257, attachment: 'cross-platform', transports: ['usb', 'nfc'] });
    const second = await register(cognito, accessToken, key);
    server.clock.advance(1000);
    const anonymous = new SoftAuthenticator({ attachment: null, transports: [] });
    const third = await register(cognito, accessToken, anonymous);

    const { Credentials, NextToken } = await list(cognito, accessToken);
    assert.equal(NextToken, undefined);
    assert.deepEqual(
      Credentials!.map((c) => [c.CredentialId, c.FriendlyCredentialName, c.RelyingPartyId, c.AuthenticatorAttachment, c.AuthenticatorTransports]),
      [
        [first.credential.id, 'iCloud Keychain', 'example.com', 'platform', ['internal', 'hybrid']],
        [second.credential.id, 'Roaming passkey', 'example.com', 'cross-platform', ['usb', 'nfc']],
        [third.credential.id, 'Passkey', 'example.com', undefined, []],
      ],
    );
    assert.ok(Credentials![0]!.CreatedAt instanceof Date);
    assert.equal(Credentials![0]!.CreatedAt!.getTime(), before);

    const stored = await server.keypool.app.store.passkeys.get(second.credential.id);
    assert.equal(stored?.algorithm, -257);
    assert.equal(stored?.attestationFormat, 'packed');
    assert.equal(stored?.username, username);
    assert.equal(stored?.poolId, pool.Id);

    const options = await start(cognito, accessToken);
    assert.deepEqual(
      options.excludeCredentials!.map((c) => c.id).sort(),
      [first.credential.id, second.credential.id, third.credential.id].sort(),
    );
    assert.throws(() => icloud.create(ORIGIN, options), { name: 'InvalidStateError' });
  });

  it('names platform passkeys of unknown providers "Platform passkey"', async () => {
    const { accessToken } = await passkeyUser(cognito);
    await register(cognito, accessToken, new SoftAuthenticator({ aaguid: '01020304-0506-0708-090a-0b0c0d0e0f10' }));
    const { Credentials } = await list(cognito, accessToken);
    assert.equal(Credentials![0]!.FriendlyCredentialName, 'Platform passkey');
  });

  it('refuses an EdDSA key with WebAuthnCredentialNotSupportedException', async () => {
    const { accessToken } = await passkeyUser(cognito);
    await expectError(register(cognito, accessToken, new SoftAuthenticator({ algorithm: -8 })), 'WebAuthnCredentialNotSupportedException');
    assert.deepEqual((await list(cognito, accessToken)).Credentials, []);
  });

  it('requires user verification when the pool does, and only then', async () => {
    const required = await passkeyUser(cognito, { RelyingPartyId: 'example.com', UserVerification: 'required' });
    const options = await start(cognito, required.accessToken);
    assert.equal(options.authenticatorSelection?.userVerification, 'required');
    await expectError(
      complete(cognito, required.accessToken, new SoftAuthenticator({ userVerified: false }).create(ORIGIN, options)),
      'WebAuthnCredentialNotSupportedException',
    );
    await register(cognito, required.accessToken, new SoftAuthenticator({ userVerified: true }));
    const preferred = await passkeyUser(cognito, { RelyingPartyId: 'example.com', UserVerification: 'preferred' });
    await register(cognito, preferred.accessToken, new SoftAuthenticator({ userVerified: false }));
    assert.equal((await list(cognito, preferred.accessToken)).Credentials!.length, 1);
  });

  it('refuses when passkeys are not enabled or not configured', async () => {
    const off = await passkeyUser(cognito, { RelyingPartyId: 'example.com' }, {});
    await expectError(start(cognito, off.accessToken), 'WebAuthnNotEnabledException');
    await expectError(complete(cognito, off.accessToken, new SoftAuthenticator().create(ORIGIN, fakeOptions())), 'WebAuthnNotEnabledException');

    const missing = await passkeyUser(cognito, null);
    await expectError(start(cognito, missing.accessToken), 'WebAuthnConfigurationMissingException');
  });

  it('uses the prefix domain as the RP ID when none is configured', async () => {
    const { accessToken, pool } = await passkeyUser(cognito, null);
    const prefix = `keypool-${Date.now().toString(36)}`;
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id!, Domain: prefix }));
    const options = await start(cognito, accessToken);
    const rpId = `${prefix}.auth.us-east-1.amazoncognito.com`;
    assert.deepEqual(options.rp, { id: rpId, name: rpId });
    await complete(cognito, accessToken, new SoftAuthenticator().create(`https://${rpId}`, options));
    assert.equal((await list(cognito, accessToken)).Credentials![0]!.RelyingPartyId, rpId);
  });

  it('refuses bad and expired access tokens', async () => {
    const { accessToken } = await passkeyUser(cognito);
    for (const send of [
      (t: string) => start(cognito, t),
      (t: string) => complete(cognito, t, {}),
      (t: string) => list(cognito, t),
      (t: string) => cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: t, CredentialId: 'abc' })),
    ]) {
      await expectError(send('not.a.token'), 'NotAuthorizedException', 'Invalid Access Token');
    }
    server.clock.advance(3600_000 + 1000);
    await expectError(start(cognito, accessToken), 'NotAuthorizedException', 'Access Token has expired');
  });

  it('refuses a user who must reset their password', async () => {
    const { accessToken, pool, username } = await passkeyUser(cognito);
    const store = server.keypool.app.store;
    const user = (await store.users.get(pool.Id!, username))!;
    await store.users.update({ ...user, status: 'RESET_REQUIRED' });
    await expectError(start(cognito, accessToken), 'PasswordResetRequiredException', 'Password reset required for the user');
    await expectError(list(cognito, accessToken), 'PasswordResetRequiredException');
  });

  it('answers WebAuthnChallengeNotFoundException for an unknown, used, expired or foreign challenge', async () => {
    const { accessToken, pool, client } = await passkeyUser(cognito);
    await expectError(complete(cognito, accessToken, new SoftAuthenticator().create(ORIGIN, fakeOptions())), 'WebAuthnChallengeNotFoundException');

    const credential = new SoftAuthenticator().create(ORIGIN, await start(cognito, accessToken));
    await complete(cognito, accessToken, credential);
    await expectError(complete(cognito, accessToken, credential), 'WebAuthnChallengeNotFoundException');

    const late = new SoftAuthenticator().create(ORIGIN, await start(cognito, accessToken));
    server.clock.advance(5 * 60_000 + 1);
    await expectError(complete(cognito, accessToken, late), 'WebAuthnChallengeNotFoundException');

    await createUser(cognito, pool.Id!, 'bob');
    const bob = await signIn(cognito, client.ClientId!, 'bob');
    const alices = new SoftAuthenticator().create(ORIGIN, await start(cognito, accessToken));
    await expectError(complete(cognito, bob.AccessToken!, alices), 'WebAuthnChallengeNotFoundException');
    assert.deepEqual((await list(cognito, bob.AccessToken!)).Credentials, []);
  });

  it('keeps two outstanding challenges usable (two tabs)', async () => {
    const { accessToken } = await passkeyUser(cognito);
    const first = await start(cognito, accessToken);
    const second = await start(cognito, accessToken);
    await complete(cognito, accessToken, new SoftAuthenticator().create(ORIGIN, second));
    await complete(cognito, accessToken, new SoftAuthenticator().create(ORIGIN, first));
    assert.equal((await list(cognito, accessToken)).Credentials!.length, 2);
  });

  it('answers WebAuthnClientMismatchException when another app client completes', async () => {
    const { accessToken, pool, username } = await passkeyUser(cognito);
    const other = await createClient(cognito, pool.Id!, { ClientName: 'other' });
    const otherToken = (await signIn(cognito, other.ClientId!, username)).AccessToken!;
    const credential = new SoftAuthenticator().create(ORIGIN, await start(cognito, accessToken));
    await expectError(complete(cognito, otherToken, credential), 'WebAuthnClientMismatchException');
  });

  it('maps each broken response to its Cognito error and stores nothing', async () => {
    const { accessToken } = await passkeyUser(cognito);
    const cases: [Tampering, string, string?][] = [
      [{ type: 'webauthn.get' }, 'InvalidParameterException'],
      [{}, 'WebAuthnOriginNotAllowedException', 'https://evil.example'],
      [{}, 'WebAuthnOriginNotAllowedException', 'http://example.com'],
      [{}, 'WebAuthnOriginNotAllowedException', 'https://notexample.com'],
      [{ rpId: 'evil.example' }, 'WebAuthnRelyingPartyMismatchException'],
      [{ userPresent: false }, 'InvalidParameterException'],
    ];
    for (const [tamper, type, origin] of cases) {
      await expectError(register(cognito, accessToken, new SoftAuthenticator(), origin ?? ORIGIN, tamper), type);
    }
    const packed = new SoftAuthenticator({ attestation: 'packed' });
    await expectError(register(cognito, accessToken, packed, ORIGIN, { badSignature: true }), 'WebAuthnCredentialNotSupportedException');
    assert.deepEqual((await list(cognito, accessToken)).Credentials, []);
  });

  it('refuses malformed credentials with InvalidParameterException', async () => {
    const { accessToken } = await passkeyUser(cognito);
    const good = new SoftAuthenticator().create(ORIGIN, await start(cognito, accessToken));
    for (const credential of [
      'just a string',
      42,
      [],
      {},
      { ...good, response: { ...good.response, clientDataJSON: '%%%' } },
      { ...good, response: { ...good.response, clientDataJSON: Buffer.from('{"type":').toString('base64url') } },
      { ...good, response: { ...good.response, attestationObject: Buffer.from([0xff, 0x00, 0x13]).toString('base64url') } },
    ]) {
      await expectError(complete(cognito, accessToken, credential), 'InvalidParameterException', /^Credential data is not valid/);
    }
    // The well-formed response still completes: nothing above consumed its challenge.
    await complete(cognito, accessToken, good);
  });

  it('accepts subdomain origins on any port, localhost over http, and configured origins', async () => {
    const { accessToken } = await passkeyUser(cognito);
    await register(cognito, accessToken, new SoftAuthenticator(), 'https://app.example.com:8443');
    await register(cognito, accessToken, new SoftAuthenticator(), 'android:apk-key-hash:gx7sq_pxhxhrIQdLyfG0pxKwiJ7hOk2DJQ4xvKd438Q');
    const local = await passkeyUser(cognito, { RelyingPartyId: 'localhost' });
    await register(cognito, local.accessToken, new SoftAuthenticator(), 'http://localhost:5173');
    await expectError(register(cognito, local.accessToken, new SoftAuthenticator(), 'http://127.0.0.1:5173'), 'WebAuthnOriginNotAllowedException');
  });

  it('refuses a credential id registered already, to anyone', async () => {
    const alice = await passkeyUser(cognito);
    const { credential } = await register(cognito, alice.accessToken);
    await createUser(cognito, alice.pool.Id!, 'mallory');
    const mallory = (await signIn(cognito, alice.client.ClientId!, 'mallory')).AccessToken!;
    await expectError(
      register(cognito, mallory, new SoftAuthenticator(), ORIGIN, { attestedCredentialId: credential.id }),
      'InvalidParameterException',
      'The passkey credential is already registered.',
    );
    assert.equal((await server.keypool.app.store.passkeys.get(credential.id))?.username, alice.username);
  });

  it('allows 20 passkeys per user: Start at the limit and a Complete past it answer LimitExceededException', async () => {
    const { accessToken } = await passkeyUser(cognito);
    for (let i = 0; i < 19; i++) await register(cognito, accessToken);
    const a = await start(cognito, accessToken);
    const b = await start(cognito, accessToken);
    await complete(cognito, accessToken, new SoftAuthenticator().create(ORIGIN, a));
    await expectError(complete(cognito, accessToken, new SoftAuthenticator().create(ORIGIN, b)), 'LimitExceededException');
    await expectError(start(cognito, accessToken), 'LimitExceededException');
    assert.equal((await list(cognito, accessToken)).Credentials!.length, 20);
  });

  it('pages with MaxResults and a tamper-evident NextToken', async () => {
    const { accessToken, pool, client } = await passkeyUser(cognito);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await register(cognito, accessToken)).credential.id);
      server.clock.advance(10);
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list(cognito, accessToken, { MaxResults: 2, ...(token ? { NextToken: token } : {}) });
      assert.ok(page.Credentials!.length <= 2);
      seen.push(...page.Credentials!.map((c) => c.CredentialId!));
      token = page.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ids);
    assert.equal((await list(cognito, accessToken, { MaxResults: 0 })).Credentials!.length, 5);

    const { NextToken } = await list(cognito, accessToken, { MaxResults: 2 });
    const [payload, mac] = NextToken!.split('.');
    const forged = Buffer.from(JSON.stringify([0, ''])).toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${payload}.${tampered(mac!)}`, 'garbage', `${payload}`]) {
      await expectError(list(cognito, accessToken, { NextToken: bad }), 'InvalidParameterException');
    }
    await createUser(cognito, pool.Id!, 'carol');
    const carol = (await signIn(cognito, client.ClientId!, 'carol')).AccessToken!;
    await expectError(list(cognito, carol, { NextToken }), 'InvalidParameterException');
    await expectError(list(cognito, accessToken, { MaxResults: 21 }), 'InvalidParameterException');
  });

  it('completes twenty concurrent submissions of one response exactly once', async () => {
    const { accessToken } = await passkeyUser(cognito);
    const credential = new SoftAuthenticator().create(ORIGIN, await start(cognito, accessToken));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => complete(cognito, accessToken, credential)));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) {
      if (o.status === 'rejected') assert.equal((o.reason as Error).name, 'WebAuthnChallengeNotFoundException');
    }
    assert.equal((await list(cognito, accessToken)).Credentials!.length, 1);
  });

  it('deletes only the caller’s own credential', async () => {
    const alice = await passkeyUser(cognito);
    const { credential } = await register(cognito, alice.accessToken);
    await createUser(cognito, alice.pool.Id!, 'dave');
    const dave = (await signIn(cognito, alice.client.ClientId!, 'dave')).AccessToken!;
    await expectError(
      cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: dave, CredentialId: credential.id })),
      'ResourceNotFoundException',
    );
    await expectError(
      cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: alice.accessToken, CredentialId: 'unknown' })),
      'ResourceNotFoundException',
    );
    assert.equal((await list(cognito, alice.accessToken)).Credentials!.length, 1);
    const output = await cognito.send(new DeleteWebAuthnCredentialCommand({ AccessToken: alice.accessToken, CredentialId: credential.id }));
    assert.equal(output.$metadata.httpStatusCode, 200);
    assert.deepEqual((await list(cognito, alice.accessToken)).Credentials, []);
  });

  it('deleting the user deletes their passkeys', async () => {
    const { accessToken, pool, username } = await passkeyUser(cognito);
    const { credential } = await register(cognito, accessToken);
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id!, Username: username }));
    assert.equal(await server.keypool.app.store.passkeys.get(credential.id), undefined);
  });

  it('reports WEB_AUTHN among the user’s auth factors once a passkey is registered', async () => {
    const { accessToken, pool, username } = await passkeyUser(cognito, { RelyingPartyId: 'example.com' }, {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP'] } },
    });
    const before = await cognito.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
    assert.equal(before.Username, username);
    assert.deepEqual(before.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
    await register(cognito, accessToken);
    const afterwards = await cognito.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
    assert.deepEqual(afterwards.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    const admin = await cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id!, Username: username }));
    assert.deepEqual(admin.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    await expectError(cognito.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: pool.Id!, Username: 'nobody' })), 'UserNotFoundException');
  });
});

/** Creation options for a challenge keypool never issued. */
function fakeOptions(): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { id: 'example.com', name: 'example.com' },
    user: { id: 'dXNlcg', name: 'user', displayName: 'user' },
    challenge: Buffer.alloc(16, 1).toString('base64url'),
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  };
}
