// The token endpoint of a pool's domain (POST /oauth2/token) with the client_credentials grant:
// openid-client (unmodified) discovers it and gets a machine-to-machine access token for custom
// scopes, which verifies against the pool's JWKS; raw requests get OAuth 2.0's errors for every way a
// request can be wrong; the domain is reached by its path form and by its Host; a V3_0
// PreTokenGeneration function customizes the token.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateResourceServerCommand, CreateUserPoolClientCommand, CreateUserPoolDomainCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { TRIGGER_HANDLER } from '../support/lambdaServer.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createPool, expectError } from '../support/fixtures.js';

describe('OAuth 2.0 client_credentials on a pool domain', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let clientSecret: string;
  let tokenUrl: string;
  const eventsDir = mkdtempSync(join(tmpdir(), 'keypool-m2m-triggers-'));

  before(async () => {
    process.env.KEYPOOL_TRIGGER_EVENTS = eventsDir;
    server = await startTestServer({ triggers: { 'keypool-test-trigger': TRIGGER_HANDLER } });
    poolId = (await createPool(server.cognito)).Id!;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'orders-app' }));
    await server.cognito.send(
      new CreateResourceServerCommand({
        UserPoolId: poolId,
        Identifier: 'orders',
        Name: 'Orders API',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'Read orders' },
          { ScopeName: 'write', ScopeDescription: 'Place orders' },
        ],
      }),
    );
    const { UserPoolClient } = await server.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'worker',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['orders/read', 'orders/write'],
      }),
    );
    clientId = UserPoolClient!.ClientId!;
    clientSecret = UserPoolClient!.ClientSecret!;
    tokenUrl = `${server.url}/_domain/orders-app/oauth2/token`;
  });
  after(async () => {
    await server.dispose();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  const post = (body: Record<string, string>, headers: Record<string, string> = {}, url = tokenUrl) =>
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(body) });
  const basic = (id: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
  const oauthError = async (response: Response, error: string) => {
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: string; error_description: string };
    assert.equal(body.error, error, body.error_description);
    assert.ok(!body.error_description.includes(clientSecret), 'the secret is never echoed');
    return body;
  };

  it('openid-client discovers the token endpoint and gets a token for custom scopes that verifies against the JWKS', async () => {
    const issuer = new URL(`${server.url}/${poolId}`);
    const config = await oidc.discovery(issuer, clientId, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
    assert.equal(config.serverMetadata().token_endpoint, tokenUrl);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders/read' });
    assert.equal(tokens.token_type, 'bearer');
    assert.equal(tokens.expires_in, 3600);
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)), { issuer: issuer.href });
    assert.equal(protectedHeader.alg, 'RS256');
    assert.deepEqual(Object.keys(payload), ['sub', 'token_use', 'scope', 'auth_time', 'iss', 'exp', 'iat', 'version', 'jti', 'client_id']);
    assert.equal(payload.sub, clientId);
    assert.equal(payload.client_id, clientId);
    assert.equal(payload.token_use, 'access');
    assert.equal(payload.scope, 'orders/read');
    assert.equal(payload.version, 2);
  });

  it('authenticates the client by HTTP Basic or in the body; without scope, grants all its custom scopes', async () => {
    const byBasic = await post({ grant_type: 'client_credentials' }, basic(clientId, clientSecret));
    assert.equal(byBasic.status, 200);
    assert.equal(byBasic.headers.get('access-control-allow-origin'), '*');
    const token = ((await byBasic.json()) as { access_token: string }).access_token;
    assert.equal(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).scope, 'orders/read orders/write');
    const byBody = await post({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'orders/write' });
    assert.equal(byBody.status, 200);
  });

  it("answers OAuth 2.0's errors", async () => {
    await oauthError(await post({ grant_type: 'client_credentials' }, basic(clientId, 'wrong')), 'invalid_client');
    await oauthError(await post({ grant_type: 'client_credentials', client_id: clientId }), 'invalid_client');
    await oauthError(await post({ grant_type: 'client_credentials' }), 'invalid_client');
    await oauthError(await post({ grant_type: 'client_credentials' }, basic('nobody', clientSecret)), 'invalid_client');
    await oauthError(await post({ grant_type: 'client_credentials', scope: 'orders/delete' }, basic(clientId, clientSecret)), 'invalid_scope');
    await oauthError(await post({ grant_type: 'client_credentials', scope: 'openid' }, basic(clientId, clientSecret)), 'invalid_scope');
    await oauthError(await post({}, basic(clientId, clientSecret)), 'invalid_request');
    await oauthError(await post({ grant_type: 'password' }, basic(clientId, clientSecret)), 'unsupported_grant_type');
    await oauthError(await post({ grant_type: 'client_credentials', client_id: 'another' }, basic(clientId, clientSecret)), 'invalid_request');
    const json = await fetch(tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...basic(clientId, clientSecret) }, body: '{}' });
    await oauthError(json, 'invalid_request');

    // A client without the flow, or without a secret, may not use the grant.
    const { UserPoolClient: web } = await server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', GenerateSecret: true }));
    await oauthError(await post({ grant_type: 'client_credentials' }, basic(web!.ClientId!, web!.ClientSecret!)), 'unauthorized_client');
    const { UserPoolClient: open } = await server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'spa' }));
    await oauthError(await post({ grant_type: 'client_credentials', client_id: open!.ClientId! }), 'unauthorized_client');

    // A client of another pool is no client of this domain.
    const otherPool = (await createPool(server.cognito)).Id!;
    const { UserPoolClient: foreign } = await server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: otherPool, ClientName: 'x', GenerateSecret: true }));
    await oauthError(await post({ grant_type: 'client_credentials' }, basic(foreign!.ClientId!, foreign!.ClientSecret!)), 'invalid_client');

    assert.equal((await fetch(tokenUrl)).status, 405);
    assert.equal((await post({ grant_type: 'client_credentials' }, {}, `${server.url}/_domain/nobody-here/oauth2/token`)).status, 404);
    assert.equal((await fetch(`${server.url}/_domain/orders-app/oauth2/nothing`)).status, 404);
  });

  it('is reached by the Host of the prefix domain, as behind Cognito\'s DNS', async () => {
    const { request } = await import('node:http');
    const port = new URL(server.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/oauth2/token', method: 'POST', headers: { Host: 'orders-app.auth.us-east-1.amazoncognito.com', 'Content-Type': 'application/x-www-form-urlencoded', ...basic(clientId, clientSecret) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('grant_type=client_credentials');
    });
    assert.equal(status, 200);
  });

  it('a V3_0 PreTokenGeneration function customizes the client\'s token (TokenGeneration_ClientCredentials)', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:keypool-test-trigger';
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V3_0', LambdaArn: arn } } }));
    try {
      const response = await post({ grant_type: 'client_credentials', scope: 'orders/read' }, basic(clientId, clientSecret));
      assert.equal(response.status, 200);
      const token = ((await response.json()) as { access_token: string }).access_token;
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      assert.equal(payload.plan, 'gold');
      assert.equal(payload.client_id, clientId, 'client_id cannot be changed');
      assert.equal(payload.scope, 'orders/read', 'the scope the function adds is granted once');
      const events = readFileSync(join(eventsDir, `${poolId}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, any>);
      const event = events.at(-1)!;
      assert.equal(event.triggerSource, 'TokenGeneration_ClientCredentials');
      assert.equal(event.version, '3');
      assert.equal(event.userName, clientId);
      assert.equal(event.callerContext.clientId, clientId);
      assert.deepEqual(event.request.scopes, ['orders/read']);
    } finally {
      await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    }
  });

  it('scopes of an unknown resource server cannot be given to a client at all', async () => {
    await expectError(
      server.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'bad', AllowedOAuthScopes: ['billing/read'] })),
      'ScopeDoesNotExistException',
    );
  });
});
