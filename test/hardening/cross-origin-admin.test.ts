// The attack: a web page on another origin, open in the developer's browser, drives the local
// keypool (default settings, no admin credentials): lists pools, resets a user's password with
// AdminSetUserPassword and signs in with it, reads the outbox, rotates keys. And the same page
// through DNS rebinding (its own name pointed at 127.0.0.1, so its requests are same-origin).
// Real headless Chromium; keypool must refuse every one of them with nothing changed, while an
// app's unsigned calls from a page keep working.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeProtectedHeader } from 'jose';
import { chromiumMissing, openPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { PASSWORD, createUser, expectError, poolWithClient, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

const TARGET = 'AWSCognitoIdentityProviderService';
const STOLEN_PASSWORD = 'Attacker-passw0rd!';
const REBOUND_NAME = 'rebind.test';

interface PageAnswer {
  status?: number;
  body?: string;
  /** The error fetch() threw when the browser withheld the answer (no CORS grant). */
  blocked?: string;
}

describe('a web page driving keypool from another origin', { skip: chromiumMissing() ?? false }, () => {
  let server: TestServer;
  let browser: PasskeyBrowser;
  let keypoolOrigin: string;
  let poolId: string;
  let clientId: string;

  /** fetch() from the page, as its script would call it. */
  const fromPage = (url: string, init: Record<string, unknown> = {}): Promise<PageAnswer> =>
    browser.page.evaluate(
      async ([target, options]) => {
        try {
          const response = await fetch(target, options as RequestInit);
          return { status: response.status, body: await response.text() };
        } catch (error) {
          return { blocked: (error as Error).name };
        }
      },
      [url, init] as const,
    );
  const awsCall = (operation: string, input: unknown, url = `${keypoolOrigin}/`) =>
    fromPage(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${operation}` },
      body: JSON.stringify(input),
    });
  const kidOf = async () => decodeProtectedHeader((await signIn(server.cognito, clientId, 'victim')).AccessToken!).kid;

  before(async () => {
    server = await startTestServer();
    keypoolOrigin = `http://localhost:${server.keypool.port}`;
    ({ poolId, clientId } = await poolWithClient(server.cognito, { pool: { AutoVerifiedAttributes: ['email'] } }));
    await createUser(server.cognito, poolId, 'victim');
    // A code in the outbox worth stealing.
    await server.cognito.send(
      new SignUpCommand({ ClientId: clientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'n@example.com' }] }),
    );
    browser = await openPasskeyBrowser({ args: [`--host-resolver-rules=MAP ${REBOUND_NAME} 127.0.0.1`] });
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('cannot list pools, reset a password, sign in with it, read the outbox or rotate keys; nothing changes', async () => {
    const kidBefore = await kidOf();
    const attempts = {
      listPools: await awsCall('ListUserPools', { MaxResults: 60 }),
      resetPassword: await awsCall('AdminSetUserPassword', { UserPoolId: poolId, Username: 'victim', Password: STOLEN_PASSWORD, Permanent: true }),
      adminSignIn: await awsCall('AdminInitiateAuth', {
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'victim', PASSWORD },
      }),
      outbox: await fromPage(`${keypoolOrigin}/_keypool/outbox`),
      operatorApi: await fromPage(`${keypoolOrigin}/_keypool/api/pools`),
      // A form-like POST: no preflight, so it reaches keypool, which must refuse it itself.
      rotateKeys: await fromPage(`${keypoolOrigin}/_keypool/pools/${poolId}/rotate-keys`, { method: 'POST' }),
      // no-cors drops X-Amz-Target, so no operation is named at all.
      noCorsReset: await fromPage(`${keypoolOrigin}/`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain', 'x-amz-target': `${TARGET}.AdminSetUserPassword` },
        body: JSON.stringify({ UserPoolId: poolId, Username: 'victim', Password: STOLEN_PASSWORD, Permanent: true }),
      }),
    };
    for (const [name, answer] of Object.entries(attempts)) {
      if (name === 'noCorsReset') assert.equal(answer.status, 0, 'an opaque answer');
      else assert.equal(answer.blocked, 'TypeError', `${name}: the page read ${JSON.stringify(answer)}`);
    }
    // Nothing changed: the victim's password, the pool's keys.
    await expectError(signIn(server.cognito, clientId, 'victim', STOLEN_PASSWORD), 'NotAuthorizedException');
    assert.ok((await signIn(server.cognito, clientId, 'victim')).AccessToken);
    assert.equal(await kidOf(), kidBefore);
  });

  it('answers that origin AccessDeniedException or 403, with no CORS grant', async () => {
    const pageOrigin = browser.origin;
    const post = (operation: string, input: unknown) =>
      fetch(server.url, {
        method: 'POST',
        headers: { origin: pageOrigin, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${operation}` },
        body: JSON.stringify(input),
      });
    for (const response of [
      await post('ListUserPools', { MaxResults: 60 }),
      await post('AdminSetUserPassword', { UserPoolId: poolId, Username: 'victim', Password: STOLEN_PASSWORD, Permanent: true }),
    ]) {
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { __type: string }).__type, 'AccessDeniedException');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    }
    for (const path of ['/_keypool/outbox', '/_keypool/api/pools', '/console/']) {
      const response = await fetch(`${server.url}${path}`, { headers: { origin: pageOrigin } });
      assert.equal(response.status, 403, path);
      assert.equal(response.headers.get('access-control-allow-origin'), null, path);
    }
    await expectError(signIn(server.cognito, clientId, 'victim', STOLEN_PASSWORD), 'NotAuthorizedException');
  });

  it("still serves an app's unsigned calls and the JWKS to that page", async () => {
    const signInAnswer = await awsCall('InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'victim', PASSWORD },
    });
    assert.equal(signInAnswer.status, 200, JSON.stringify(signInAnswer));
    const { AccessToken } = (JSON.parse(signInAnswer.body!) as { AuthenticationResult: { AccessToken: string } }).AuthenticationResult;
    const user = await awsCall('GetUser', { AccessToken });
    assert.equal(user.status, 200);
    assert.equal((JSON.parse(user.body!) as { Username: string }).Username, 'victim');
    const jwks = await fromPage(`${keypoolOrigin}/${poolId}/.well-known/jwks.json`);
    assert.equal(jwks.status, 200);
  });

  it('through DNS rebinding (same-origin to the page, addressed to its own name) is refused too', async () => {
    const rebound = `http://${REBOUND_NAME}:${server.keypool.port}`;
    await browser.page.goto(`${rebound}/health`);
    try {
      for (const path of ['/_keypool/outbox', '/_keypool/api/pools', '/console/']) {
        assert.equal((await fromPage(`${rebound}${path}`)).status, 403, path);
      }
      const rotate = await fromPage(`${rebound}/_keypool/pools/${poolId}/rotate-keys`, { method: 'POST' });
      assert.equal(rotate.status, 403);
      const reset = await awsCall('AdminSetUserPassword', { UserPoolId: poolId, Username: 'victim', Password: STOLEN_PASSWORD, Permanent: true }, `${rebound}/`);
      assert.equal(reset.status, 400);
      assert.equal((JSON.parse(reset.body!) as { __type: string }).__type, 'AccessDeniedException');
    } finally {
      await browser.page.goto(browser.origin);
    }
    await expectError(signIn(server.cognito, clientId, 'victim', STOLEN_PASSWORD), 'NotAuthorizedException');
    assert.ok((await signIn(server.cognito, clientId, 'victim')).AccessToken);
  });
});
