// Two keypool processes on one PostgreSQL database behave as one service: whatever one node
// writes, signs or starts, the other reads, verifies or finishes; single-use steps stay single-use
// across nodes.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand,
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
import { expectError, signedInUser } from './support/fixtures.js';
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
