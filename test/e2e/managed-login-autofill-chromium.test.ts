// Passkey autofill on managed login in Debian's Chromium: the login page leaves a conditional
// navigator.credentials.get() pending with request options naming no user; the virtual authenticator
// (user verification on, presence simulated) answers it once the user focuses the username field,
// and the app receives a code for the user whose passkey it was, with no username typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompleteWebAuthnRegistrationCommand, CreateUserPoolDomainCommand, StartWebAuthnRegistrationCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import { cspViolations, publicClientFlow } from '../support/publicClientFlow.js';
import { serverAndPasskeyBrowser } from '../support/chromium.js';
import { createUser, signIn } from '../support/fixtures.js';
import { passkeyPool } from '../support/userAuth.js';

describe('managed login passkey autofill in Chromium', () => {
  const chromium = serverAndPasskeyBrowser();

  it('signs in from the username field\'s passkey suggestion; the app gets its code and the tokens', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const callback = `${browser.origin}/callback`;
    const { poolId, clientId } = await passkeyPool(cognito, {
      pool: { UserPoolTier: 'ESSENTIALS' },
      client: {
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [callback],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      },
    });
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'autofill-app' }));
    // Two users with passkeys on the one authenticator: the one whose credential answers signs in.
    for (const username of ['carol', 'dave']) {
      await createUser(cognito, poolId, username, { email: `${username}@example.com`, email_verified: 'true' });
      const { AccessToken } = await signIn(cognito, clientId, username);
      const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
      const registered = await browser.register(CredentialCreationOptions);
      await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: registered as never }));
    }
    // Only dave's credential stays on the authenticator.
    const { credentials } = await browser.cdp.send('WebAuthn.getCredentials', { authenticatorId: browser.authenticatorId });
    const carols = (await server.keypool.app.store.passkeys.listForUser(poolId, 'carol'))[0]!.credentialId;
    const carolOnAuthenticator = credentials.find((c) => Buffer.from(c.credentialId, 'base64').toString('base64url') === carols)!;
    await browser.cdp.send('WebAuthn.removeCredential', { authenticatorId: browser.authenticatorId, credentialId: carolOnAuthenticator.credentialId });

    const { config, verifier, state, authorize } = await publicClientFlow(server.url, poolId, clientId, callback);

    const { page } = browser;
    const presence = (enabled: boolean) => browser.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: browser.authenticatorId, enabled });
    const violations = cspViolations(page);
    // Chromium's virtual authenticator answers a conditional request as soon as the page makes it, as
    // if the user had picked the passkey among the username field's suggestions (headless Chromium
    // draws no suggestions to pick from): the page goes on to the app with no username typed.
    await page.goto(authorize.toString());
    await page.waitForURL((url) => url.href.startsWith(callback));
    assert.deepEqual(violations, []);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state, idTokenExpected: true });
    assert.equal(tokens.claims()!['cognito:username'], 'dave');
    const { items } = await server.keypool.app.store.events.list({ poolId, username: 'dave', limit: 1 });
    assert.deepEqual(
      items.map((e) => [e.operation, e.flow, e.challenge, e.outcome]),
      [['ManagedLogin', 'USER_AUTH', 'WEB_AUTHN', 'Pass']],
    );
    assert.equal((await server.keypool.app.store.events.list({ poolId, username: 'carol', limit: 5 })).items.filter((e) => e.operation === 'ManagedLogin').length, 0);

    // With the request pending (no presence yet), the passkey button aborts it and signs in itself.
    await presence(false);
    await page.goto(login(authorize));
    const username = page.getByLabel('Username');
    assert.equal(await username.getAttribute('autocomplete'), 'username webauthn');
    await username.fill('dave');
    await presence(true);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(callback)), page.getByRole('button', { name: 'Sign in with a passkey' }).click()]);
    const after = await server.keypool.app.store.events.list({ poolId, username: 'dave', limit: 2 });
    assert.deepEqual(
      after.items.map((e) => [e.operation, e.flow, e.challenge, e.outcome]),
      [
        ['ManagedLogin', 'USER_AUTH', 'WEB_AUTHN', 'Pass'],
        ['ManagedLogin', 'USER_AUTH', undefined, 'InProgress'],
      ],
    );
    assert.deepEqual(violations, []);
  });
});

describe('managed login passkey autofill on a page left open', () => {
  const chromium = serverAndPasskeyBrowser();

  it('asks for fresh options, and leaves a new request pending, before the Session of the first expires', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const callback = `${browser.origin}/callback`;
    const { poolId, clientId } = await passkeyPool(server.cognito, {
      pool: { UserPoolTier: 'ESSENTIALS' },
      client: { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [callback] },
    });
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'left-open' }));
    const { page } = browser;
    await browser.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: browser.authenticatorId, enabled: false });
    const asked: string[] = [];
    page.on('request', (request) => {
      const step = new URLSearchParams(request.postData() ?? '').get('step');
      if (step) asked.push(step);
    });
    await page.clock.install();
    await page.goto(`http://localhost:${server.keypool.port}/_domain/left-open/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback })}`);
    await page.waitForResponse((response) => response.request().method() === 'POST');
    assert.deepEqual(asked, ['passkey-autofill']);
    // The client's sessions last 3 minutes, as do the options' timeout: fresh ones come 15 s before.
    const renewed = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.clock.runFor(170_000);
    await renewed;
    assert.deepEqual(asked, ['passkey-autofill', 'passkey-autofill']);
    assert.equal(await page.locator('#passkey-error').isHidden(), true, 'the aborted request shows no error');
  });
});

/** The login page of an authorization URL (which, the browser being signed in, would go straight back to the app). */
const login = (authorize: URL) => authorize.toString().replace('/oauth2/authorize?', '/login?');
