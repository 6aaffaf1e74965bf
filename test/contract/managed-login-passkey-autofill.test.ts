// Passkey autofill's server steps on managed login, driven by fetch with a software authenticator:
// POST /login step=passkey-autofill hands out request options naming no user, with a Session; the
// assertion posted back (step=passkey-autofill-answer) names the user by its credential, is verified
// as a WEB_AUTHN answer is, and completes the authorization. The Session answers once; a disabled
// user, a credential of another pool, a user MFA forbids a passkey alone, an assertion without the
// user verification their MFA needs, and a pool without passkeys are refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminDisableUserCommand, AdminEnableUserCommand, CreateUserPoolDomainCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { createClient, createPool } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { ORIGIN, passkeyPool, userWithPasskey } from '../support/userAuth.js';

const CALLBACK = 'https://app.example.com/callback';

/** A browser as far as these steps need one: the form token's cookie, sent back with every post. */
class FormBrowser {
  private cookie = '';
  constructor(readonly login: string) {}

  async open(): Promise<{ csrf: string; html: string }> {
    const response = await fetch(this.login, { redirect: 'manual' });
    this.cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const html = await response.text();
    return { csrf: html.match(/name="_csrf" value="([^"]+)"/)![1]!, html };
  }

  post(form: Record<string, string>): Promise<Response> {
    return fetch(this.login, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: this.cookie },
      body: new URLSearchParams(form),
    });
  }
}

describe('managed login passkey autofill (server steps)', () => {
  let server: TestServer;
  let poolId: string;
  let browser: FormBrowser;
  let authenticator: SoftAuthenticator;

  before(async () => {
    server = await startTestServer();
    const pool = await passkeyPool(server.cognito, {
      pool: { UserPoolTier: 'ESSENTIALS' },
      client: { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] },
    });
    poolId = pool.poolId;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'autofill' }));
    ({ authenticator } = await userWithPasskey(server.cognito, poolId, pool.clientId, 'erin'));
    const query = new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: CALLBACK });
    browser = new FormBrowser(`${server.url}/_domain/autofill/login?${query}`);
  });
  after(() => server.dispose());

  /** The autofill's options and Session, and the authenticator's assertion for them. */
  async function autofillAssertion(csrf: string) {
    const started = await browser.post({ _csrf: csrf, step: 'passkey-autofill' });
    assert.equal(started.status, 200);
    const { session, options } = (await started.json()) as { session: string; options: PublicKeyCredentialRequestOptionsJSON };
    assert.deepEqual(options.allowCredentials, []);
    assert.equal(options.rpId, 'localhost');
    return { session, credential: JSON.stringify(authenticator.get(ORIGIN, options)) };
  }

  it('signs the user of the credential in, once: the same assertion again is refused', async () => {
    const { csrf, html } = await browser.open();
    assert.match(html, /autocomplete="username webauthn"/);
    const { session, credential } = await autofillAssertion(csrf);
    const answer = { _csrf: csrf, step: 'passkey-autofill-answer', session, username: '', answer: credential };
    const done = await browser.post(answer);
    assert.equal(done.status, 302);
    const location = new URL(done.headers.get('location')!);
    assert.equal(location.origin + location.pathname, CALLBACK);
    assert.ok(location.searchParams.get('code'));
    const { items } = await server.keypool.app.store.events.list({ poolId, username: 'erin', limit: 1 });
    assert.deepEqual(
      items.map((e) => [e.operation, e.flow, e.challenge, e.outcome]),
      [['ManagedLogin', 'USER_AUTH', 'WEB_AUTHN', 'Pass']],
    );

    const replayed = await browser.post(answer);
    assert.equal(replayed.status, 400);
    assert.match(await replayed.text(), /role="alert"/);
  });

  it('refuses a disabled user, and an assertion with no Session of its own', async () => {
    const { csrf } = await browser.open();
    await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    try {
      const { session, credential } = await autofillAssertion(csrf);
      const refused = await browser.post({ _csrf: csrf, step: 'passkey-autofill-answer', session, answer: credential });
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /User is disabled/);
    } finally {
      await server.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'erin' }));
    }
    const { credential } = await autofillAssertion(csrf);
    const noSession = await browser.post({ _csrf: csrf, step: 'passkey-autofill-answer', session: 'made-up', answer: credential });
    assert.equal(noSession.status, 400);
  });

  it('refuses the credential of another pool\'s user', async () => {
    const other = await passkeyPool(server.cognito, { pool: { UserPoolTier: 'ESSENTIALS' } });
    const stranger = new SoftAuthenticator();
    await userWithPasskey(server.cognito, other.poolId, other.clientId, 'frank', stranger);
    const { csrf } = await browser.open();
    const started = await browser.post({ _csrf: csrf, step: 'passkey-autofill' });
    const { session, options } = (await started.json()) as { session: string; options: PublicKeyCredentialRequestOptionsJSON };
    const refused = await browser.post({ _csrf: csrf, step: 'passkey-autofill-answer', session, answer: JSON.stringify(stranger.get(ORIGIN, options)) });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /Invalid passkey credential for the user\./);
  });

  it('holds the user to their MFA: user verification where a passkey stands for both factors, no passkey alone where it cannot', async () => {
    const mfa = await passkeyPool(server.cognito, {
      pool: { UserPoolTier: 'ESSENTIALS' },
      client: { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] },
    });
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: mfa.poolId, Domain: 'autofill-mfa' }));
    const { authenticator: hers } = await userWithPasskey(server.cognito, mfa.poolId, mfa.clientId, 'gwen');
    const mfaConfig = (factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' | 'SINGLE_FACTOR') =>
      server.cognito.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: mfa.poolId,
          MfaConfiguration: 'ON',
          SoftwareTokenMfaConfiguration: { Enabled: true },
          WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred', FactorConfiguration: factorConfiguration },
        }),
      );
    const page = new FormBrowser(`${server.url}/_domain/autofill-mfa/login?${new URLSearchParams({ response_type: 'code', client_id: mfa.clientId, redirect_uri: CALLBACK })}`);
    const { csrf } = await page.open();
    const attempt = async (userVerified: boolean) => {
      const started = await page.post({ _csrf: csrf, step: 'passkey-autofill' });
      const { session, options } = (await started.json()) as { session: string; options: PublicKeyCredentialRequestOptionsJSON };
      // Issued before anyone is known: the pool's preference.
      assert.equal(options.userVerification, 'preferred');
      return page.post({ _csrf: csrf, step: 'passkey-autofill-answer', session, answer: JSON.stringify(hers.get(ORIGIN, options, { userVerified })) });
    };

    await mfaConfig('MULTI_FACTOR_WITH_USER_VERIFICATION');
    const unverified = await attempt(false);
    assert.equal(unverified.status, 400);
    assert.match(await unverified.text(), /Invalid passkey credential for the user\./);
    const verified = await attempt(true);
    assert.equal(verified.status, 302);
    assert.ok(new URL(verified.headers.get('location')!).searchParams.get('code'));

    await mfaConfig('SINGLE_FACTOR');
    const alone = await attempt(true);
    assert.equal(alone.status, 400);
    assert.match(await alone.text(), /Invalid passkey credential for the user\./);
  });

  it('offers no autofill where the pool does not offer passkeys', async () => {
    const poolId = (await createPool(server.cognito)).Id!;
    await server.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'autofill-none' }));
    const clientId = (await createClient(server.cognito, poolId, { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: [CALLBACK] })).ClientId!;
    const page = new FormBrowser(`${server.url}/_domain/autofill-none/login?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK })}`);
    const { csrf, html } = await page.open();
    assert.match(html, /autocomplete="username"/);
    assert.doesNotMatch(html, /webauthn|<script/);
    const refused = await page.post({ _csrf: csrf, step: 'passkey-autofill' });
    assert.equal(refused.status, 400);
    assert.deepEqual(await refused.json(), { message: "The passkey feature isn't enabled for the user pool." });
  });
});
