// Two keypool processes on one PostgreSQL database behave as one service: whatever one node
// writes, signs or starts, the other reads, verifies or finishes; single-use steps stay single-use
// across nodes.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  AssociateSoftwareTokenCommand,
  CompleteWebAuthnRegistrationCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { TestDevice } from './support/devices.js';
import { PASSWORD, claims, expectError, passwordAuth, poolWithUser, signIn, signedInUser } from './support/fixtures.js';
import { SrpTestClient } from './support/srpClient.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from './support/postgres.js';
import { serve, stop } from './support/process.js';
import { sdkClient } from './support/server.js';
import { SoftAuthenticator } from './support/softAuthenticator.js';

const PUBLIC_URL = 'https://auth.keypool.test';
const baseUrl = testDatabaseUrl();

interface Node {
  process: ChildProcess;
  url: string;
  cognito: CognitoIdentityProviderClient;
}

/** Starts `keypool serve` as its own process on the shared database. */
async function startNode(databaseUrl: string): Promise<Node> {
  const { child, url } = await serve(['--port', '0', '--db', databaseUrl, '--public-url', PUBLIC_URL]);
  return { process: child, url, cognito: sdkClient(url) };
}

async function stopNode(node: Node | undefined): Promise<void> {
  node?.cognito.destroy();
  await stop(node?.process);
}

describe('two nodes on one PostgreSQL', { skip: baseUrl ? undefined : 'KEYPOOL_TEST_DATABASE_URL is not set' }, () => {
  let schema: TestSchema;
  let a: Node;
  let b: Node;
  before(async () => {
    schema = await createTestSchema(baseUrl!);
    // Both start at once: their migrations take turns on the migration lock.
    [a, b] = await Promise.all([startNode(schema.url), startNode(schema.url)]);
  });
  after(async () => {
    await Promise.all([stopNode(a), stopNode(b)]);
    await schema?.drop();
  });

  it('signs in on one node and serves the session on the other', async () => {
    const { pool, client, tokens, username } = await signedInUser(a.cognito, { username: 'nina' });
    const issuer = `${PUBLIC_URL}/${pool.Id}`;

    // A token signed by A verifies with the keys B publishes.
    const jwks = (await (await fetch(`${b.url}/${pool.Id}/.well-known/jwks.json`)).json()) as Parameters<typeof createLocalJWKSet>[0];
    const { payload } = await jwtVerify(tokens.AccessToken!, createLocalJWKSet(jwks), { issuer });
    assert.equal(payload.username, username);
    const discovery = (await (await fetch(`${b.url}/${pool.Id}/.well-known/openid-configuration`)).json()) as { issuer: string };
    assert.equal(discovery.issuer, issuer);

    const user = await b.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    assert.equal(user.Username, username);

    // Refreshed on B, the new access token works on A.
    const refreshed = await b.cognito.send(
      new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    const fresh = refreshed.AuthenticationResult!.AccessToken!;
    assert.equal((await a.cognito.send(new GetUserCommand({ AccessToken: fresh }))).Username, username);

    // Signed out on B, refused on A.
    await b.cognito.send(new GlobalSignOutCommand({ AccessToken: fresh }));
    await expectError(a.cognito.send(new GetUserCommand({ AccessToken: fresh })), 'NotAuthorizedException');
  });

  it('finishes on one node the MFA and device steps of a sign-in started on the other, each once', async () => {
    const { pool, client, username } = await poolWithUser(a.cognito, {
      username: 'mona',
      pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } },
    });
    await a.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const first = await signIn(a.cognito, client.ClientId!, username);
    // Associated on A, verified on B; remembered at once ("Always") when confirmed on B.
    const { SecretCode } = await a.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: first.AccessToken }));
    const totp = new TOTP({ secret: Secret.fromBase32(SecretCode!) });
    await b.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: first.AccessToken, UserCode: totp.generate() }));
    await b.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: first.AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const device = new TestDevice(first.NewDeviceMetadata!);
    await device.confirm(b.cognito, first.AccessToken!);

    // Without the device: MFA asked on A, answered on B; the same code then refused on A.
    const password = { USERNAME: username, PASSWORD };
    const challenge = await passwordAuth(a.cognito, client.ClientId!, password);
    assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    const mfaAnswer = (cognito: CognitoIdentityProviderClient, session: string | undefined) =>
      cognito.send(
        new RespondToAuthChallengeCommand({ ClientId: client.ClientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: session, ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code } }),
      );
    assert.ok((await mfaAnswer(b.cognito, challenge.Session)).AuthenticationResult?.AccessToken);
    await expectError(mfaAnswer(a.cognito, challenge.Session), 'NotAuthorizedException');
    const again = await passwordAuth(a.cognito, client.ClientId!, password);
    await expectError(mfaAnswer(a.cognito, again.Session), 'ExpiredCodeException', 'Your software token has already been used once.');

    // With the remembered device: no MFA; its SRP started on B, finished on A.
    const byDevice = await passwordAuth(a.cognito, client.ClientId!, { ...password, DEVICE_KEY: device.deviceKey });
    assert.equal(byDevice.ChallengeName, 'DEVICE_SRP_AUTH');
    const srp = new SrpTestClient(pool.Id!);
    const verifier = await b.cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: client.ClientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: byDevice.Session,
        ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: srp.srpA },
      }),
    );
    const verifierAnswer = {
      ClientId: client.ClientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER' as const,
      Session: verifier.Session,
      ChallengeResponses: srp.answerDevice(verifier.ChallengeParameters!, device, Date.now()),
    };
    const tokens = (await a.cognito.send(new RespondToAuthChallengeCommand(verifierAnswer))).AuthenticationResult!;
    assert.equal(claims(tokens.AccessToken!).device_key, device.deviceKey);
    await expectError(b.cognito.send(new RespondToAuthChallengeCommand(verifierAnswer)), 'NotAuthorizedException');
  });

  it('completes on one node a passkey registration started on the other, and only once', async () => {
    const { pool, accessToken } = await signedInUser(a.cognito, {
      username: 'pia',
      pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    });
    await a.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id, WebAuthnConfiguration: { RelyingPartyId: 'example.com' } }));
    const authenticator = new SoftAuthenticator();
    const start = async (node: Node) => {
      const { CredentialCreationOptions } = await node.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
      return CredentialCreationOptions as unknown as PublicKeyCredentialCreationOptionsJSON;
    };
    const complete = (node: Node, credential: unknown) =>
      node.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));

    const first = authenticator.create('https://example.com', await start(a));
    await complete(b, first);

    // One answer, sent to both nodes at the same moment: exactly one registers it.
    const second = new SoftAuthenticator().create('https://example.com', await start(b));
    const results = await Promise.allSettled([complete(a, second), complete(b, second)]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status === 'rejected' && String(r.reason))));
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal((refused.reason as Error).name, 'WebAuthnChallengeNotFoundException');

    const listed = await a.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    assert.deepEqual(listed.Credentials!.map((c) => c.CredentialId).sort(), [first.id, second.id].sort());
  });
});
