// aws-jwt-verify, as a backend would use it, checking keypool's tokens against keypool's issuer and JWKS.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { AdminAddUserToGroupCommand, CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createUser, signIn, signedInUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// Its default fetcher speaks https only; a fetcher over global fetch reaches a plain-http keypool.
const httpJwksCache = () => new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });

describe('aws-jwt-verify', () => {
  let server: TestServer;
  let issuer: string;
  let clientId: string;
  let tokens: { AccessToken?: string; IdToken?: string };

  before(async () => {
    server = await startTestServer();
    const signedIn = await signedInUser(server.cognito);
    issuer = `${server.url}/${signedIn.pool.Id}`;
    clientId = signedIn.client.ClientId!;
    tokens = signedIn.tokens;
  });
  after(() => server.dispose());

  test('JwtVerifier fetching the JWKS from the issuer verifies access and ID tokens', async () => {
    const access = JwtVerifier.create(
      { issuer, audience: null, jwksUri: `${issuer}/.well-known/jwks.json`, customJwtCheck: ({ payload }) => assert.equal(payload.token_use, 'access') },
      { jwksCache: httpJwksCache() },
    );
    const payload = await access.verify(tokens.AccessToken!);
    assert.equal(payload.client_id, clientId);
    assert.equal(payload.username, 'alice');

    const id = JwtVerifier.create({ issuer, audience: clientId, jwksUri: `${issuer}/.well-known/jwks.json` }, { jwksCache: httpJwksCache() });
    const idPayload = await id.verify(tokens.IdToken!);
    assert.equal(idPayload['cognito:username'], 'alice');
    assert.equal(idPayload.email, 'alice@example.com');
  });

  test('the discovery document names the same issuer and JWKS', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    assert.equal(discovery.issuer, issuer);
    const verifier = JwtVerifier.create({ issuer: discovery.issuer, audience: null, jwksUri: discovery.jwks_uri }, { jwksCache: httpJwksCache() });
    assert.equal((await verifier.verify(tokens.AccessToken!)).token_use, 'access');
  });

  test('with the JWKS preloaded (cacheJwks), no network is needed; tampered, foreign and wrong-audience tokens fail', async () => {
    const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as Parameters<JwtVerifier<never, never, never>['cacheJwks']>[0];
    const verifier = JwtVerifier.create({ issuer, audience: clientId, jwksUri: 'https://unused.invalid/jwks.json' });
    verifier.cacheJwks(jwks);
    assert.equal((await verifier.verify(tokens.IdToken!)).aud, clientId);

    const [header, payload, signature] = tokens.IdToken!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, email: 'mallory@example.com' })).toString('base64url')}.${signature}`;
    await assert.rejects(verifier.verify(forged), /signature/i);

    const otherAudience = JwtVerifier.create({ issuer, audience: 'another-client', jwksUri: 'https://unused.invalid/jwks.json' });
    otherAudience.cacheJwks(jwks);
    await assert.rejects(otherAudience.verify(tokens.IdToken!), /audience/i);

    // Another pool's token: its key is not in this pool's JWKS, nor its issuer this pool's.
    const other = await signedInUser(server.cognito, { username: 'bob' });
    assert.throws(() => verifier.verifySync(other.tokens.IdToken!), /issuer|kid|jwk/i);
  });

  test('an expired token is refused', async () => {
    server.clock.advance(-2 * 3600_000);
    const old = await signedInUser(server.cognito, { username: 'carol' });
    server.clock.advance(2 * 3600_000);
    const oldIssuer = `${server.url}/${old.pool.Id}`;
    const verifier = JwtVerifier.create({ issuer: oldIssuer, audience: null, jwksUri: `${oldIssuer}/.well-known/jwks.json` }, { jwksCache: httpJwksCache() });
    await assert.rejects(verifier.verify(old.accessToken), /expired/i);
  });
});

describe('aws-jwt-verify CognitoJwtVerifier with an AWS-shaped issuer', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ publicUrl: 'https://cognito-idp.us-east-1.amazonaws.com' });
  });
  after(() => server.dispose());

  const preloadedJwks = async (poolId: string) => (await (await fetch(`${server.url}/${poolId}/.well-known/jwks.json`)).json()) as never;

  test('a keypool whose public URL is the Cognito issuer base satisfies CognitoJwtVerifier', async () => {
    const { pool, client, tokens } = await signedInUser(server.cognito);
    const verifier = CognitoJwtVerifier.create({ userPoolId: pool.Id!, tokenUse: 'access', clientId: client.ClientId! });
    verifier.cacheJwks(await preloadedJwks(pool.Id!));
    assert.equal((await verifier.verify(tokens.AccessToken!)).username, 'alice');
  });

  test("its groups option accepts a member's token and refuses a non-member's", async () => {
    const { pool, client, poolId, clientId } = await signedInUser(server.cognito, { username: 'member' });
    await createUser(server.cognito, poolId, 'outsider');
    await server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    await server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }));
    await server.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'member', GroupName: 'admins' }));
    await server.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'outsider', GroupName: 'editors' }));
    const member = await signIn(server.cognito, clientId, 'member');
    const outsider = await signIn(server.cognito, clientId, 'outsider');

    for (const tokenUse of ['access', 'id'] as const) {
      const verifier = CognitoJwtVerifier.create({ userPoolId: pool.Id!, tokenUse, clientId: client.ClientId!, groups: 'admins' });
      verifier.cacheJwks(await preloadedJwks(poolId));
      const token = (tokens: typeof member) => (tokenUse === 'access' ? tokens.AccessToken! : tokens.IdToken!);
      assert.deepEqual((await verifier.verify(token(member)))['cognito:groups'], ['admins']);
      await assert.rejects(verifier.verify(token(outsider)), /group/i);
    }
    const either = CognitoJwtVerifier.create({ userPoolId: poolId, tokenUse: 'access', clientId, groups: ['editors', 'admins'] });
    either.cacheJwks(await preloadedJwks(poolId));
    await either.verify(outsider.AccessToken!);
    // A user in no group has no cognito:groups claim at all: refused too.
    await createUser(server.cognito, poolId, 'nobody');
    const none = await signIn(server.cognito, clientId, 'nobody');
    await assert.rejects(either.verify(none.AccessToken!), /group/i);
  });
});
