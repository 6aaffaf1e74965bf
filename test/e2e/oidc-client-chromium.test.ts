// oidc-client-ts, unmodified, in Debian's Chromium: a single-page app configured with nothing but the
// pool's issuer and its client id discovers the endpoints, sends the browser through managed login
// (the code flow with PKCE), and on its callback page exchanges the code and validates the ID token
// against the pool's JWKS.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateUserPoolClientCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { appPage, bundleApp } from '../support/browserApp.js';
import { chromiumMissing, openPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { PASSWORD, createPool, createUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The app: settings from the page, sign-in on /, the callback on /callback.
const ENTRY = `
import { UserManager } from 'oidc-client-ts';
const manager = new UserManager(window.oidcSettings);
window.app = {
  signIn: () => manager.signinRedirect(),
  callback: () => manager.signinRedirectCallback().then((user) => ({ profile: user.profile, scope: user.scope, hasAccessToken: Boolean(user.access_token) })),
};
`;

describe('oidc-client-ts in Chromium', { skip: chromiumMissing() ?? false }, () => {
  let server: TestServer;
  let browser: PasskeyBrowser;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keypool-oidc-client-'));
    const serve = appPage(await bundleApp(dir, ENTRY));
    [server, browser] = await Promise.all([startTestServer(), openPasskeyBrowser({ serve })]);
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('signinRedirect through managed login, then signinRedirectCallback validates the tokens', async () => {
    const poolId = (await createPool(server.cognito, { PoolName: 'oidc-client' })).Id!;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'oidc-app' }));
    const callback = `${browser.origin}/callback`;
    const { UserPoolClient } = await server.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'spa',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [callback],
      }),
    );
    await createUser(server.cognito, poolId, 'ada', { email: 'ada@example.com', email_verified: 'true' });
    const settings = { authority: `${server.url}/${poolId}`, client_id: UserPoolClient!.ClientId!, redirect_uri: callback, response_type: 'code', scope: 'openid email' };
    const { page } = browser;
    await page.context().addInitScript(`window.oidcSettings = ${JSON.stringify(settings)};`);
    await page.goto(`${browser.origin}/`);
    await Promise.all([page.waitForURL(/\/_domain\/oidc-app\/login/), page.evaluate('app.signIn()').catch(() => undefined)]);
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await page.waitForLoadState('load');
    const user = (await page.evaluate('app.callback()')) as { profile: Record<string, unknown>; scope: string; hasAccessToken: boolean };
    assert.equal(user.profile['cognito:username'], 'ada');
    assert.equal(user.profile.email, 'ada@example.com');
    assert.equal(user.scope, 'openid email');
    assert.equal(user.hasAccessToken, true);
  });
});
