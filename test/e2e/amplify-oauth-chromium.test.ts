// Amplify v6's OAuth, unmodified, in Debian's Chromium: signInWithRedirect sends the browser to the
// pool domain's managed login on a keypool node serving HTTPS (Amplify builds https:// URLs from the
// domain), the user signs in there, Amplify exchanges the code (PKCE) when the app's page loads
// again, and signOut goes through /logout back to the app. The test's SDK talks to a second node,
// over http, on the same store.
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
import { selfSignedCertificate } from '../support/tls.js';

const ENTRY = `
import { Amplify } from 'aws-amplify';
import { signInWithRedirect, signOut, fetchAuthSession } from 'aws-amplify/auth';
import 'aws-amplify/auth/enable-oauth-listener';
// The app configures Amplify as its page loads, as a real app does (the redirect back reloads it).
Amplify.configure(window.ampConfig);
window.amp = { signInWithRedirect, signOut, fetchAuthSession };
`;

describe('Amplify v6 OAuth in Chromium', { skip: chromiumMissing() ?? false }, () => {
  let api: TestServer;
  let secure: TestServer;
  let browser: PasskeyBrowser;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keypool-amplify-oauth-'));
    api = await startTestServer();
    secure = await startTestServer({ tls: selfSignedCertificate(dir) }, { dataDir: api.dataDir });
    browser = await openPasskeyBrowser({ serve: appPage(await bundleApp(dir, ENTRY)), args: ['--ignore-certificate-errors'] });
  });
  after(async () => {
    await browser?.close();
    await secure?.dispose();
    await api?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('signInWithRedirect, managed login, the code exchanged by Amplify on return, signOut through /logout', async () => {
    const poolId = (await createPool(api.cognito, { PoolName: 'amplify-oauth' })).Id!;
    await api.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'amplify-app' }));
    const appUrl = `${browser.origin}/`;
    const { UserPoolClient } = await api.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'spa',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
        CallbackURLs: [appUrl],
        LogoutURLs: [appUrl],
      }),
    );
    await createUser(api.cognito, poolId, 'ada', { email: 'ada@example.com', email_verified: 'true' });
    const port = new URL(secure.url).port;
    const ampConfig = {
      Auth: {
        Cognito: {
          userPoolId: poolId,
          userPoolClientId: UserPoolClient!.ClientId!,
          userPoolEndpoint: `https://localhost:${port}`,
          loginWith: {
            oauth: {
              domain: `localhost:${port}/_domain/amplify-app`,
              scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
              redirectSignIn: [appUrl],
              redirectSignOut: [appUrl],
              responseType: 'code',
            },
          },
        },
      },
    };
    const { page } = browser;
    await page.context().addInitScript(`window.ampConfig = ${JSON.stringify(ampConfig)};`);
    await page.goto(appUrl);

    await Promise.all([page.waitForURL(/\/_domain\/amplify-app\/login/), page.evaluate('amp.signInWithRedirect()').catch(() => undefined)]);
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);

    // Amplify exchanges the code as the page loads; the session then holds the user's tokens.
    const idClaims = () => page.evaluate('amp.fetchAuthSession().then((s) => s.tokens?.idToken?.payload ?? null)') as Promise<Record<string, unknown> | null>;
    let claims = await idClaims();
    for (let waited = 0; !claims && waited < 15_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      claims = await idClaims();
    }
    assert.ok(claims, 'Amplify has the tokens');
    assert.equal(claims['cognito:username'], 'ada', JSON.stringify(claims));
    assert.equal(claims.email, 'ada@example.com');

    const logout = page.waitForResponse((response) => response.url().includes('/_domain/amplify-app/logout'));
    const backInTheApp = page.waitForEvent('load');
    await page.evaluate('amp.signOut()').catch(() => undefined);
    assert.equal((await logout).headers().location, appUrl);
    await backInTheApp;
    const after = await page.evaluate('amp.fetchAuthSession().then((s) => Boolean(s.tokens))');
    assert.equal(after, false);
  });
});
