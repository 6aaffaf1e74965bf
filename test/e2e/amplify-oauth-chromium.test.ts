// Amplify v6's OAuth, unmodified, in Debian's Chromium: signInWithRedirect sends the browser to the
// pool domain's managed login on a keypool node serving HTTPS (Amplify builds https:// URLs from the
// domain), the user signs in there, Amplify exchanges the code (PKCE) when the app's page loads
// again, and signOut goes through /logout back to the app. The test's SDK talks to a second node,
// over http, on the same store. signInWithRedirect({ provider: 'Google' }) goes through Google's
// stand-in (oidc-provider, its own process, named by --social-endpoints) and back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateIdentityProviderCommand, CreateUserPoolClientCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import { appPage, bundleApp } from '../support/browserApp.js';
import { chromiumMissing, openPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { PASSWORD, createPool, createUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { selfSignedCertificate } from '../support/tls.js';
import { startOidcProvider, type IdentityProviderProcess } from '../support/identityProviders.js';
import { freePort } from '../support/process.js';

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
  let google: IdentityProviderProcess;

  before(async () => {
    const googlePort = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'keypool-amplify-oauth-'));
    api = await startTestServer();
    secure = await startTestServer(
      { tls: selfSignedCertificate(dir), socialEndpoints: { Google: { oidc_issuer: `http://127.0.0.1:${googlePort}` } } },
      { dataDir: api.dataDir },
    );
    google = await startOidcProvider({
      port: googlePort,
      clients: [
        {
          client_id: 'google-client',
          client_secret: 'google-secret',
          redirect_uris: [`https://localhost:${new URL(secure.url).port}/_domain/amplify-google/oauth2/idpresponse`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      users: { grace: { email: 'grace@example.com', email_verified: true } },
    });
    browser = await openPasskeyBrowser({ serve: appPage(await bundleApp(dir, ENTRY)), args: ['--ignore-certificate-errors'] });
  });
  after(async () => {
    await google?.stop();
    await browser?.close();
    await secure?.dispose();
    await api?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('signInWithRedirect, managed login, the code exchanged by Amplify on return, signOut through /logout', async () => {
    const poolId = (await createPool(api.cognito, { PoolName: 'amplify-oauth' })).Id!;
    await api.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'amplify-app' }));
    const appUrl = `${browser.origin}/`;
    const clientId = await spaClient(poolId);
    await createUser(api.cognito, poolId, 'ada', { email: 'ada@example.com', email_verified: 'true' });
    const { page } = browser;
    await page.context().addInitScript(`window.ampConfig = ${JSON.stringify(amplifyConfig(poolId, clientId, 'amplify-app'))};`);
    await page.goto(appUrl);

    await Promise.all([page.waitForURL(/\/_domain\/amplify-app\/login/), page.evaluate('amp.signInWithRedirect()').catch(() => undefined)]);
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code')), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);

    const claims = await amplifyIdClaims();
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

  test("signInWithRedirect({ provider: 'Google' }) through Google's stand-in: a federated user's tokens in Amplify", async () => {
    const poolId = (await createPool(api.cognito, { PoolName: 'amplify-google' })).Id!;
    await api.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'amplify-google' }));
    await api.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'google-client', client_secret: 'google-secret', authorize_scopes: 'openid email' },
        AttributeMapping: { email: 'email' },
      }),
    );
    const appUrl = `${browser.origin}/`;
    const clientId = await spaClient(poolId, ['Google']);
    const { page } = browser;
    await page.context().clearCookies();
    await page.context().addInitScript(`window.ampConfig = ${JSON.stringify(amplifyConfig(poolId, clientId, 'amplify-google'))};`);
    await page.goto(appUrl);
    secure.clock.set(Date.now());
    await Promise.all([page.waitForURL(/127\.0\.0\.1:\d+\/interaction\//), page.evaluate("amp.signInWithRedirect({ provider: 'Google' })").catch(() => undefined)]);
    await page.locator('input[name=login]').fill('grace');
    await page.locator('input[name=password]').fill('any password');
    await Promise.all([page.waitForNavigation(), page.locator('button[type=submit]').click()]);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(appUrl) && url.searchParams.has('code')), page.locator('button[type=submit]').first().click()]);

    const claims = await amplifyIdClaims();
    assert.equal(claims['cognito:username'], 'Google_grace', JSON.stringify(claims));
    assert.equal(claims.email, 'grace@example.com');
    assert.equal((claims.identities as { providerName: string }[])[0]!.providerName, 'Google');
  });

  /** A single-page app's client of the code flow, calling back to the app's page. */
  async function spaClient(poolId: string, providers?: string[]): Promise<string> {
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
        ...(providers ? { SupportedIdentityProviders: providers } : {}),
      }),
    );
    return UserPoolClient!.ClientId!;
  }

  /** Amplify's configuration for the app client, with the pool domain on the HTTPS node. */
  function amplifyConfig(poolId: string, clientId: string, domain: string) {
    const port = new URL(secure.url).port;
    const appUrl = `${browser.origin}/`;
    return {
      Auth: {
        Cognito: {
          userPoolId: poolId,
          userPoolClientId: clientId,
          userPoolEndpoint: `https://localhost:${port}`,
          loginWith: {
            oauth: {
              domain: `localhost:${port}/_domain/${domain}`,
              scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
              redirectSignIn: [appUrl],
              redirectSignOut: [appUrl],
              responseType: 'code',
            },
          },
        },
      },
    };
  }

  /** The ID token's claims once Amplify has exchanged the code (as the page loads again). */
  async function amplifyIdClaims(): Promise<Record<string, unknown>> {
    const idClaims = () => browser.page.evaluate('amp.fetchAuthSession().then((s) => s.tokens?.idToken?.payload ?? null)') as Promise<Record<string, unknown> | null>;
    let claims = await idClaims();
    for (let waited = 0; !claims && waited < 15_000; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      claims = await idClaims();
    }
    assert.ok(claims, 'Amplify has the tokens');
    return claims;
  }
});
