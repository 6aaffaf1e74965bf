// The tokens themselves: RS256 JWTs that verify against the pool's served JWKS, with Cognito's
// claims, and GetUser refusing every token it must refuse.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminDeleteUserCommand, AdminDisableUserCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { createClient, createPool, createUser, expectError, signIn, signedInUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let tokens: Awaited<ReturnType<typeof signIn>>;
  let issuer: string;
  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito, { Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }] })).Id!;
    clientId = (await createClient(server.cognito, poolId)).ClientId!;
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true', given_name: 'Alice', 'custom:team': 'blue' });
    tokens = await signIn(server.cognito, clientId, 'alice');
    issuer = `${server.url}/${poolId}`;
  });
  after(() => server.dispose());

  const getUser = (AccessToken: string) => server.cognito.send(new GetUserCommand({ AccessToken }));

  it('signs ID and access tokens with different keys of the served JWKS, with Cognito claims', async () => {
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`));
    const currentDate = new Date(server.clock.now());
    const access = await jwtVerify(tokens.AccessToken!, jwks, { issuer, algorithms: ['RS256'], currentDate });
    const id = await jwtVerify(tokens.IdToken!, jwks, { issuer, audience: clientId, algorithms: ['RS256'], currentDate });
    assert.notEqual(access.protectedHeader.kid, id.protectedHeader.kid);
    assert.equal(access.protectedHeader.alg, 'RS256');

    const now = Math.floor(server.clock.now() / 1000);
    const a = access.payload;
    assert.deepEqual(Object.keys(a), ['sub', 'iss', 'client_id', 'origin_jti', 'event_id', 'token_use', 'scope', 'auth_time', 'exp', 'iat', 'jti', 'username']);
    assert.match(String(a.sub), UUID);
    assert.equal(a.iss, issuer);
    assert.equal(a.client_id, clientId);
    assert.match(String(a.origin_jti), UUID);
    assert.match(String(a.event_id), UUID);
    assert.match(String(a.jti), UUID);
    assert.equal(a.token_use, 'access');
    assert.equal(a.scope, 'aws.cognito.signin.user.admin');
    assert.equal(a.auth_time, now);
    assert.equal(a.iat, now);
    assert.equal(a.exp, now + 3600);
    assert.equal(a.username, 'alice');

    const i = id.payload;
    assert.equal(i.sub, a.sub);
    assert.equal(i.aud, clientId);
    assert.equal(i['cognito:username'], 'alice');
    assert.equal(i.token_use, 'id');
    assert.equal(i.auth_time, now);
    assert.equal(i.iat, now);
    assert.equal(i.exp, now + 3600);
    assert.match(String(i.jti), UUID);
    assert.notEqual(i.jti, a.jti);
    assert.equal(i.origin_jti, a.origin_jti);
    assert.equal(i.event_id, a.event_id);
    assert.equal(i.email, 'alice@example.com');
    assert.equal(i.email_verified, true);
    assert.equal(i.given_name, 'Alice');
    assert.equal(i['custom:team'], 'blue');

    assert.equal(tokens.TokenType, 'Bearer');
    assert.equal(tokens.ExpiresIn, 3600);
    const user = await getUser(tokens.AccessToken!);
    assert.equal(user.Username, 'alice');
  });

  it('serves OpenID discovery naming the same issuer and JWKS', async () => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as { issuer: string; jwks_uri: string };
    assert.equal(discovery.issuer, issuer);
    assert.equal(discovery.jwks_uri, `${issuer}/.well-known/jwks.json`);
  });

  it('refuses an expired access token', async () => {
    const fresh = await signIn(server.cognito, clientId, 'alice');
    server.clock.advance(3600_000);
    await expectError(getUser(fresh.AccessToken!), 'NotAuthorizedException', 'Access Token has expired');
  });

  it('refuses forged tokens: another key, alg none, an ID token', async () => {
    const fresh = await signIn(server.cognito, clientId, 'alice');
    const header = decodeProtectedHeader(fresh.AccessToken!);
    const payload = decodeJwt(fresh.AccessToken!);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: header.kid! }).sign(privateKey);
    await expectError(getUser(forged), 'NotAuthorizedException', 'Invalid Access Token');

    const unsigned = `${b64({ alg: 'none', kid: header.kid })}.${b64(payload)}.`;
    await expectError(getUser(unsigned), 'NotAuthorizedException', 'Invalid Access Token');

    const tampered = fresh.AccessToken!.split('.');
    tampered[1] = b64({ ...payload, username: 'mallory' });
    await expectError(getUser(tampered.join('.')), 'NotAuthorizedException', 'Invalid Access Token');

    await expectError(getUser(fresh.IdToken!), 'NotAuthorizedException', 'Invalid Access Token');
    await expectError(getUser('not-a-jwt'), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it("refuses a token made to look like another pool's", async () => {
    const other = await signedInUser(server.cognito, { username: 'bob' });
    const [header, payload, signature] = other.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const moved = [header, b64({ ...claims, iss: issuer }), signature].join('.');
    await expectError(getUser(moved), 'NotAuthorizedException', 'Invalid Access Token');
    // The genuine token still works for its own pool.
    assert.equal((await getUser(other.accessToken)).Username, 'bob');
  });

  it('refuses the tokens of a disabled user and of a deleted user', async () => {
    await createUser(server.cognito, poolId, 'carol');
    const carol = await signIn(server.cognito, clientId, 'carol');
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    await expectError(getUser(carol.AccessToken!), 'NotAuthorizedException');

    await createUser(server.cognito, poolId, 'dave');
    const dave = await signIn(server.cognito, clientId, 'dave');
    await server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    await expectError(getUser(dave.AccessToken!), 'NotAuthorizedException', 'Access Token has been revoked');
    // A new user of the same name does not inherit the old tokens.
    await createUser(server.cognito, poolId, 'dave');
    await expectError(getUser(dave.AccessToken!), 'NotAuthorizedException', 'Access Token has been revoked');
  });

  it('uses the client token lifetimes', async () => {
    const shortClient = (await createClient(server.cognito, poolId, { AccessTokenValidity: 5, IdTokenValidity: 10, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes' } })).ClientId!;
    const short = await signIn(server.cognito, shortClient, 'alice');
    assert.equal(short.ExpiresIn, 300);
    const access = decodeJwt(short.AccessToken!);
    const id = decodeJwt(short.IdToken!);
    assert.equal(access.exp! - access.iat!, 300);
    assert.equal(id.exp! - id.iat!, 600);
    server.clock.advance(300_000);
    await expectError(getUser(short.AccessToken!), 'NotAuthorizedException', 'Access Token has expired');
  });
});
