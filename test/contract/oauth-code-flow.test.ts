// OAuth 2.0 / OpenID Connect on a pool domain through openid-client (unmodified): discovery, the
// authorization code flow with PKCE through managed login (a browser stood in for by fetch with a
// cookie jar: the sign-in form, a new password when the user must choose one), the code exchanged
// once, refresh, userInfo by scope, revocation, the browser's sign-in remembered and forgotten at
// /logout, the implicit flow; and the refusals of every endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import * as oidc from 'openid-client';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createPool, createUser } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';

const CALLBACK = 'https://app.example.com/callback';
const SIGNED_OUT = 'https://app.example.com/signed-out';

/** A browser as far as managed login needs one: a cookie jar, and redirects followed by hand. */
class Browser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly origin: string) {}

  private remember(response: Response) {
    for (const set of response.headers.getSetCookie()) {
      const [name, value = ''] = set.split(';')[0]!.split('=');
      if (value) this.jar.set(name!, value);
      else this.jar.delete(name!);
    }
  }

  private cookies(): Record<string, string> {
    return this.jar.size ? { Cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ') } : {};
  }

  async get(url: string): Promise<Response> {
    const response = await fetch(new URL(url, this.origin), { redirect: 'manual', headers: this.cookies() });
    this.remember(response);
    return response;
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    const response = await fetch(new URL(url, this.origin), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...this.cookies() },
      body: new URLSearchParams(form),
    });
    this.remember(response);
    return response;
  }

  /** Follows redirects within keypool until a page, or a redirect out of it (to the app). */
  async follow(response: Response): Promise<Response> {
    while (response.status === 302) {
      const location = new URL(response.headers.get('location')!, this.origin);
      if (location.origin !== this.origin) return response;
      response = await this.get(location.toString());
    }
    return response;
  }
}

/** The hidden and action parts of the page's form. */
async function formOf(response: Response): Promise<{ action: string; hidden: Record<string, string>; html: string }> {
  const html = await response.text();
  const action = html.match(/<form method="post" action="([^"]+)"/)![1]!.replaceAll('&amp;', '&');
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]));
  return { action, hidden, html };
}

describe('OAuth 2.0 code flow and managed login', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let clientSecret: string;
  let config: oidc.Configuration;

  before(async () => {
    server = await startTestServer();
    poolId = (await createPool(server.cognito, { Schema: [{ Name: 'email', AttributeDataType: 'String', Mutable: true }] })).Id!;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'web-app' }));
    const { UserPoolClient } = await server.cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'Web app',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code', 'implicit'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [CALLBACK],
        LogoutURLs: [SIGNED_OUT],
        SupportedIdentityProviders: ['COGNITO'],
      }),
    );
    clientId = UserPoolClient!.ClientId!;
    clientSecret = UserPoolClient!.ClientSecret!;
    await createUser(server.cognito, poolId, 'ada', { email: 'ada@example.com', email_verified: 'true', name: 'Ada', phone_number: '+15555550100' });
    config = await oidc.discovery(new URL(`${server.url}/${poolId}`), clientId, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  });
  after(() => server.dispose());

  /** An authorization URL of openid-client with PKCE, state and nonce. */
  async function authorization(parameters: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...parameters,
    });
    return { url, verifier, state, nonce };
  }

  /** Signs `username` in on the login page the authorization URL leads to: where the browser is sent back to the app. */
  async function signInThrough(browser: Browser, url: URL, username: string, password = PASSWORD): Promise<URL> {
    const { action, hidden } = await formOf(await browser.follow(await browser.get(url.toString())));
    const done = await browser.post(action, { ...hidden, username, password });
    assert.equal(done.status, 302, await done.clone().text());
    return new URL(done.headers.get('location')!);
  }

  it('discovers the endpoints of the pool domain', () => {
    const metadata = config.serverMetadata();
    const base = `${server.url}/_domain/web-app`;
    assert.equal(metadata.authorization_endpoint, `${base}/oauth2/authorize`);
    assert.equal(metadata.token_endpoint, `${base}/oauth2/token`);
    assert.equal(metadata.userinfo_endpoint, `${base}/oauth2/userInfo`);
    assert.equal(metadata.revocation_endpoint, `${base}/oauth2/revoke`);
  });

  it('signs in on the login page and exchanges the code (PKCE) for tokens openid-client verifies; refresh, userInfo, revoke', async () => {
    const browser = new Browser(server.url);
    const { url, verifier, state, nonce } = await authorization();
    const callback = await signInThrough(browser, url, 'ada');
    assert.equal(callback.origin + callback.pathname, CALLBACK);
    assert.equal(callback.searchParams.get('state'), state);

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const id = tokens.claims()!;
    assert.equal(id['cognito:username'], 'ada');
    assert.equal(id.nonce, nonce);
    assert.equal(typeof id.at_hash, 'string');
    assert.equal(id.aud, clientId);
    const access = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(access.scope, 'openid email');
    assert.equal(access.version, 2);
    assert.equal(access.username, 'ada');

    // The code is spent.
    await assert.rejects(oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }), (error: Error & { error?: string }) => {
      assert.equal(error.error, 'invalid_grant');
      return true;
    });

    const info = await oidc.fetchUserInfo(config, tokens.access_token, String(id.sub));
    assert.equal(info.email, 'ada@example.com');
    assert.equal(info.email_verified, 'true');
    assert.equal(info.username, 'ada');
    assert.equal(info.name, undefined, 'name is a profile attribute; the token has no profile scope');
    assert.equal(info.phone_number, undefined);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(JSON.parse(Buffer.from(refreshed.access_token.split('.')[1]!, 'base64url').toString()).scope, 'openid email');
    assert.ok(refreshed.id_token);

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), (error: Error & { error?: string }) => error.error === 'invalid_grant');
    await assert.rejects(oidc.fetchUserInfo(config, tokens.access_token, String(id.sub)));
  });

  it('remembers the browser for an hour: authorize answers with a code at once, until /logout', async () => {
    const browser = new Browser(server.url);
    await signInThrough(browser, (await authorization()).url, 'ada');
    const again = await browser.get((await authorization()).url.toString());
    assert.equal(again.status, 302);
    assert.ok(new URL(again.headers.get('location')!).searchParams.get('code'), 'a code without the login page');

    const logout = await browser.get(`/_domain/web-app/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`);
    assert.equal(logout.status, 302);
    assert.equal(logout.headers.get('location'), SIGNED_OUT);
    const afterLogout = await browser.follow(await browser.get((await authorization()).url.toString()));
    assert.equal(afterLogout.status, 200, 'the login page again');
    const notListed = await browser.get(`/_domain/web-app/logout?client_id=${clientId}&logout_uri=${encodeURIComponent('https://evil.example/')}`);
    assert.equal(notListed.status, 400);
  });

  it('asks an invited user for a new password, and says what is wrong with a wrong password', async () => {
    await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'bea', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' }));
    const browser = new Browser(server.url);
    const { url } = await authorization();
    const { action, hidden } = await formOf(await browser.follow(await browser.get(url.toString())));
    const wrong = await browser.post(action, { ...hidden, username: 'bea', password: 'Wrong-passw0rd!' });
    assert.equal(wrong.status, 400);
    assert.match(await wrong.text(), /Incorrect username or password\./);

    const challenge = await formOf(await browser.post(action, { ...hidden, username: 'bea', password: 'Temp0rary!' }));
    assert.equal(challenge.hidden.challenge, 'NEW_PASSWORD_REQUIRED');
    const weak = await browser.post(challenge.action, { ...challenge.hidden, answer: 'short' });
    assert.equal(weak.status, 400);
    const retry = await formOf(weak);
    const done = await browser.post(retry.action, { ...retry.hidden, answer: 'N3w-Passw0rd!' });
    assert.equal(done.status, 302);
    assert.ok(new URL(done.headers.get('location')!).searchParams.get('code'));
  });

  it('refuses a sign-in form posted without the browser\'s form token (login CSRF)', async () => {
    const browser = new Browser(server.url);
    const { action, hidden } = await formOf(await browser.follow(await browser.get((await authorization()).url.toString())));
    const forged = await fetch(new URL(action, server.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...hidden, username: 'ada', password: PASSWORD }),
    });
    assert.equal(forged.status, 403, 'another site can send the fields, not the cookie');
    const wrongToken = await browser.post(action, { ...hidden, _csrf: 'A'.repeat(22), username: 'ada', password: PASSWORD });
    assert.equal(wrongToken.status, 403);
  });

  it('signs up, confirms with the emailed code, and resets a forgotten password on the account pages, each as its API operation does', async () => {
    const pool = await createPool(server.cognito, { AutoVerifiedAttributes: ['email'], Schema: [{ Name: 'email', AttributeDataType: 'String', Mutable: true }] });
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id!, Domain: 'accounts-app' }));
    const { UserPoolClient: spa } = await server.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.Id!, ClientName: 'Shop', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] }),
    );
    const query = new URLSearchParams({ response_type: 'code', client_id: spa!.ClientId!, redirect_uri: CALLBACK }).toString();
    const browser = new Browser(server.url);
    const login = await browser.get(`/_domain/accounts-app/login?${query}`);
    const loginHtml = await login.text();
    assert.ok(loginHtml.includes(`href="/_domain/accounts-app/signup?${query.replaceAll('&', '&amp;')}"`), 'a link to sign up');

    const signUp = await formOf(await browser.get(`/_domain/accounts-app/signup?${query}`));
    const weak = await browser.post(signUp.action, { ...signUp.hidden, username: 'cid', email: 'cid@example.com', password: 'short' });
    assert.equal(weak.status, 400);
    assert.match(await weak.text(), /Password did not conform with policy/);
    const confirm = await browser.post(signUp.action, { ...signUp.hidden, username: 'cid', email: 'cid@example.com', password: PASSWORD });
    const confirmForm = await formOf(confirm);
    assert.match(confirmForm.html, /Enter the code we sent to c\*\*\*@e\*\*\*\./);
    const code = (await latestMessage(server, pool.Id!, 'cid')).code!;
    const confirmed = await browser.post(confirmForm.action, { ...confirmForm.hidden, code });
    assert.equal(confirmed.status, 200);
    const signIn = await formOf(confirmed);
    assert.match(signIn.html, /Your account is confirmed: sign in\./);
    const done = await browser.post(signIn.action, { ...signIn.hidden, username: 'cid', password: PASSWORD });
    assert.ok(new URL(done.headers.get('location')!).searchParams.get('code'));

    const forgot = await formOf(await browser.get(`/_domain/accounts-app/forgotPassword?${query}`));
    const reset = await formOf(await browser.post(forgot.action, { ...forgot.hidden, username: 'cid' }));
    const resetCode = (await latestMessage(server, pool.Id!, 'cid')).code!;
    const wrong = await browser.post(reset.action, { ...reset.hidden, code: '000000', password: 'N3w-Passw0rd!' });
    assert.match(await wrong.text(), /Invalid verification code provided, please try again\./);
    const changed = await formOf(await browser.post(reset.action, { ...reset.hidden, code: resetCode, password: 'N3w-Passw0rd!' }));
    assert.match(changed.html, /Your password is changed: sign in\./);
    const again = await browser.post(changed.action, { ...changed.hidden, username: 'cid', password: 'N3w-Passw0rd!' });
    assert.equal(again.status, 302);
    const events = await server.keypool.app.store.events.list({ poolId: pool.Id!, username: 'cid', limit: 20 });
    assert.ok(events.items.some((e) => e.operation === 'ManagedLogin' && e.eventType === 'SignUp'), 'the sign-up is an auth event, as the API\'s is');
  });

  it('sets up an authenticator app when the pool requires MFA (MFA_SETUP), and lets a user with two factors choose (SELECT_MFA_TYPE)', async () => {
    const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: server.clock.now() });
    const pool = await createPool(server.cognito);
    await server.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id!, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: pool.Id!, Domain: 'mfa-app' }));
    const { UserPoolClient: web } = await server.cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.Id!, ClientName: 'Bank', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] }),
    );
    await createUser(server.cognito, pool.Id!, 'dee');
    const query = new URLSearchParams({ response_type: 'code', client_id: web!.ClientId!, redirect_uri: CALLBACK }).toString();
    const browser = new Browser(server.url);
    const login = await formOf(await browser.get(`/_domain/mfa-app/login?${query}`));
    const setup = await formOf(await browser.post(login.action, { ...login.hidden, username: 'dee', password: PASSWORD }));
    assert.equal(setup.hidden.step, 'totp-setup');
    const secret = setup.hidden.secret!;
    assert.match(secret, /^[A-Z2-7]{52}$/);
    const wrong = await browser.post(setup.action, { ...setup.hidden, answer: '000000' });
    assert.equal(wrong.status, 400);
    const retry = await formOf(wrong);
    const done = await browser.post(retry.action, { ...retry.hidden, answer: totp(secret) });
    assert.equal(done.status, 302, await done.clone().text());
    assert.ok(new URL(done.headers.get('location')!).searchParams.get('code'));

    // Two factors and no preference: the page offers the choice, then asks for the chosen one's code.
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id!, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Sign-in' } }),
    );
    await server.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool.Id!, Username: 'dee', UserAttributes: [{ Name: 'email', Value: 'dee@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
    await server.cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: pool.Id!, Username: 'dee', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false }, EmailMfaSettings: { Enabled: true, PreferredMfa: false } }),
    );
    server.clock.advance(30_000);
    const other = new Browser(server.url);
    const login2 = await formOf(await other.get(`/_domain/mfa-app/login?${query}`));
    const choice = await formOf(await other.post(login2.action, { ...login2.hidden, username: 'dee', password: PASSWORD }));
    assert.equal(choice.hidden.challenge, 'SELECT_MFA_TYPE');
    assert.match(choice.html, /An authenticator app/);
    const codePage = await formOf(await other.post(choice.action, { ...choice.hidden, answer: 'SOFTWARE_TOKEN_MFA' }));
    assert.equal(codePage.hidden.challenge, 'SOFTWARE_TOKEN_MFA');
    const signedIn = await other.post(codePage.action, { ...codePage.hidden, answer: totp(secret) });
    assert.equal(signedIn.status, 302, await signedIn.clone().text());
  });

  it('the implicit flow puts the tokens in the fragment', async () => {
    const browser = new Browser(server.url);
    const { url } = await authorization({ response_type: 'token', code_challenge: '', code_challenge_method: '' });
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const callback = await signInThrough(browser, url, 'ada');
    const fragment = new URLSearchParams(callback.hash.slice(1));
    assert.ok(fragment.get('access_token'));
    assert.ok(fragment.get('id_token'));
    assert.equal(fragment.get('token_type'), 'Bearer');
    assert.equal(callback.search, '');
  });

  it('refuses what Cognito refuses: an unknown client or redirect_uri (a page), a flow or scope the client lacks (back to the app), a wrong verifier', async () => {
    const browser = new Browser(server.url);
    const authorize = (parameters: Record<string, string>) =>
      browser.get(`/_domain/web-app/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, ...parameters })}`);
    assert.equal((await authorize({ client_id: 'nobody' })).status, 400);
    assert.equal((await authorize({ redirect_uri: 'https://evil.example/callback' })).status, 400);
    const scope = await authorize({ scope: 'phone', state: 's1' });
    assert.equal(scope.status, 302);
    const scopeError = new URL(scope.headers.get('location')!);
    assert.equal(scopeError.searchParams.get('error'), 'invalid_scope');
    assert.equal(scopeError.searchParams.get('state'), 's1');
    const responseType = new URL((await authorize({ response_type: 'id_token' })).headers.get('location')!);
    assert.equal(responseType.searchParams.get('error'), 'unsupported_response_type');

    const { url, state } = await authorization();
    const callback = await signInThrough(browser, url, 'ada');
    await assert.rejects(
      oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: state }),
      (error: Error & { error?: string }) => error.error === 'invalid_grant',
    );
    const noToken = await fetch(`${server.url}/_domain/web-app/oauth2/userInfo`);
    assert.equal(noToken.status, 401);
    assert.match(noToken.headers.get('www-authenticate') ?? '', /invalid_token/);
  });
});
