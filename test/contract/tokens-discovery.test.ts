// Each pool's JWKS and OpenID discovery document, and tokens that verify against them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, signedInUser } from '../support/fixtures.js';

describe('JWKS and discovery', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  const getJson = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { response, body: (await response.json()) as Record<string, unknown> };
  };

  it('serves a discovery document whose issuer and jwks_uri agree with the pool', async () => {
    const pool = await createPool(server.cognito);
    const { response, body } = await getJson(`/${pool.Id}/.well-known/openid-configuration`);
    assert.equal(response.status, 200);
    assert.equal(body.issuer, `${server.url}/${pool.Id}`);
    assert.equal(body.jwks_uri, `${server.url}/${pool.Id}/.well-known/jwks.json`);
    assert.deepEqual(body.id_token_signing_alg_values_supported, ['RS256']);

    const jwks = await fetch(body.jwks_uri as string);
    assert.equal(jwks.status, 200);
    const { keys } = (await jwks.json()) as { keys: Record<string, string>[] };
    assert.equal(keys.length, 2);
    for (const key of keys) {
      assert.equal(key.kty, 'RSA');
      assert.equal(key.alg, 'RS256');
      assert.equal(key.use, 'sig');
      assert.match(key.kid!, /^[A-Za-z0-9+/]{43}=$/);
      assert.equal('d' in key, false);
    }
    assert.notEqual(keys[0]!.kid, keys[1]!.kid);
  });

  it('signs tokens with keys from the JWKS, under the discovery issuer', async () => {
    const { pool, client, tokens } = await signedInUser(server.cognito);
    const { body: discovery } = await getJson(`/${pool.Id}/.well-known/openid-configuration`);
    const { body: jwks } = await getJson(`/${pool.Id}/.well-known/jwks.json`);
    const keySet = createLocalJWKSet(jwks as never);
    const access = await jwtVerify(tokens.AccessToken!, keySet, { issuer: discovery.issuer as string });
    assert.equal(access.payload.token_use, 'access');
    assert.equal(access.payload.client_id, client.ClientId);
    const id = await jwtVerify(tokens.IdToken!, keySet, { issuer: discovery.issuer as string, audience: client.ClientId });
    assert.equal(id.payload.token_use, 'id');
    assert.notEqual(decodeProtectedHeader(tokens.AccessToken!).kid, decodeProtectedHeader(tokens.IdToken!).kid);

    const other = await createPool(server.cognito);
    const { body: otherJwks } = await getJson(`/${other.Id}/.well-known/jwks.json`);
    await assert.rejects(jwtVerify(tokens.AccessToken!, createLocalJWKSet(otherJwks as never)));
  });

  it('answers 404 for an unknown pool', async () => {
    for (const document of ['jwks.json', 'openid-configuration']) {
      const { response, body } = await getJson(`/us-east-1_Missing00/.well-known/${document}`);
      assert.equal(response.status, 404);
      assert.equal(body.message, 'User pool us-east-1_Missing00 does not exist.');
    }
  });
});
