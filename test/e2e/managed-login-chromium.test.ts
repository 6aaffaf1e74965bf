// Managed login in Debian's Chromium with a CDP virtual authenticator: an app sends the browser to
// /oauth2/authorize, the user signs in on the login page with the passkey the browser registered
// (the page's own script, under its content security policy), and the app exchanges the code it
// receives at its callback for tokens (openid-client); and the login page as a browser draws it, in
// Cognito's look and in an app client's branding. Set KEYPOOL_SCREENSHOT=1 to refresh
// docs/managed-login.png and docs/managed-login-branded.png.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdirSync } from 'node:fs';
import {
  CompleteWebAuthnRegistrationCommand,
  CreateManagedLoginBrandingCommand,
  CreateTermsCommand,
  CreateUserPoolDomainCommand,
  StartWebAuthnRegistrationCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import { cspViolations, publicClientFlow } from '../support/publicClientFlow.js';
import { serverAndPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { PASSWORD, createUser, signIn } from '../support/fixtures.js';
import { passkeyPool } from '../support/userAuth.js';

/**
 * Chromium's virtual authenticator answers the login page's passkey autofill (a conditional request)
 * the moment the page makes it, with whichever passkey it holds for localhost; these tests sign in
 * otherwise, so they keep it from answering until they act (WebAuthn.setAutomaticPresenceSimulation).
 */
const presence = (browser: PasskeyBrowser, enabled: boolean) =>
  browser.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: browser.authenticatorId, enabled });

/** A passkey pool (Essentials) and a public app client (a single-page app: no secret, PKCE) of the code flow, calling back to `callback`. */
const codeFlowPool = (cognito: CognitoIdentityProviderClient, callback: string, client: Partial<CreateUserPoolClientCommandInput> = {}) =>
  passkeyPool(cognito, {
    pool: { UserPoolTier: 'ESSENTIALS' },
    client: { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'], CallbackURLs: [callback], ...client },
  });

describe('managed login in Chromium', () => {
  const chromium = serverAndPasskeyBrowser();

  it('signs in with a passkey on the login page; the app gets its code and the tokens', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const callback = `${browser.origin}/callback`;
    const { poolId, clientId } = await codeFlowPool(cognito, callback, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'passkey-app' }));
    await createUser(cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
    const { AccessToken } = await signIn(cognito, clientId, 'alice');
    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    const registered = await browser.register(CredentialCreationOptions);
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: registered as never }));

    const { config, verifier, state, authorize } = await publicClientFlow(server.url, poolId, clientId, callback);

    const { page } = browser;
    const violations = cspViolations(page);
    await presence(browser, false);
    await page.goto(authorize.toString());
    await page.getByLabel('Username').fill('alice');
    await presence(browser, true);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.getByRole('button', { name: 'Sign in with a passkey' }).click()]);
    assert.deepEqual(violations, []);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true });
    assert.equal(tokens.claims()!['cognito:username'], 'alice');
    const { items } = await server.keypool.app.store.events.list({ poolId, username: 'alice', limit: 5 });
    assert.deepEqual(
      items.slice(0, 2).map((e) => [e.operation, e.flow, e.challenge, e.outcome]),
      [
        ['ManagedLogin', 'USER_AUTH', 'WEB_AUTHN', 'Pass'],
        ['ManagedLogin', 'USER_AUTH', undefined, 'InProgress'],
      ],
    );
  });

  it('draws the login page in Cognito\'s look and in the client\'s branding, with its terms', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const callback = `${browser.origin}/callback`;
    const { poolId, clientId } = await codeFlowPool(cognito, callback, { ClientName: 'Acme Shop' });
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'acme-shop', ManagedLoginVersion: 2 }));
    await cognito.send(
      new CreateTermsCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://example.com/terms' } }),
    );
    const login = `http://localhost:${server.keypool.port}/_domain/acme-shop/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback })}`;
    const { page } = browser;
    await presence(browser, false);
    const shoot = async (name: string) => {
      if (!process.env.KEYPOOL_SCREENSHOT) return;
      mkdirSync('docs', { recursive: true });
      await page.setViewportSize({ width: 900, height: 640 });
      await page.screenshot({ path: `docs/${name}.png` });
    };
    await page.goto(login);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.ok(await page.getByRole('button', { name: 'Sign in with a passkey' }).isVisible());
    assert.equal(await page.getByRole('link', { name: 'Terms of use' }).getAttribute('href'), 'https://example.com/terms');
    await shoot('managed-login');

    const logo = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="160" height="40" rx="8" fill="#6b21a8"/><text x="80" y="26" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">ACME</text></svg>',
    );
    await cognito.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        Settings: { components: { primaryButton: { lightMode: { defaults: { backgroundColor: '6b21a8ff' } } }, pageBackground: { lightMode: { color: 'f3e8ffff' } } } },
        Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'SVG', Bytes: logo }],
      }),
    );
    await page.goto(login);
    const button = page.getByRole('button', { name: 'Sign in', exact: true });
    assert.equal(await button.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(107, 33, 168)');
    assert.equal(await page.locator('img.logo-customizable').evaluate((img) => (img as HTMLImageElement).naturalWidth), 160, 'the logo is drawn (the page\'s policy allows it)');
    await shoot('managed-login-branded');
    await presence(browser, true);
  });

  it('offers a passkey after a password sign-in, registers it, and goes on to the app', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const callback = `${browser.origin}/callback`;
    const { poolId, clientId } = await codeFlowPool(cognito, callback);
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'enrol-app' }));
    await createUser(cognito, poolId, 'bob', { email: 'bob@example.com', email_verified: 'true' });
    const { page } = browser;
    const authorize = `http://localhost:${server.keypool.port}/_domain/enrol-app/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback })}`;
    await presence(browser, false);
    await page.goto(authorize);
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill(PASSWORD);
    await presence(browser, true);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Add a passkey' }).waitFor();
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback) && url.searchParams.has('code')), page.getByRole('button', { name: 'Add a passkey' }).click()]);
    assert.equal((await server.keypool.app.store.passkeys.listForUser(poolId, 'bob')).length, 1);

    // Signed in already: /passkeys/add offers another; "Not now" goes on with a code.
    await page.goto(`http://localhost:${server.keypool.port}/_domain/enrol-app/passkeys/add?${new URL(authorize).searchParams}`);
    await page.getByRole('heading', { name: 'Add a passkey' }).waitFor();
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback) && url.searchParams.has('code')), page.getByRole('link', { name: 'Not now' }).click()]);
  });
});
