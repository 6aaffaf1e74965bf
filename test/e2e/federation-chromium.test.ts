// Signing in through third-party providers in Debian's Chromium: an OpenID Connect provider
// (oidc-provider, its own process) standing as an OIDC provider and, through --social-endpoints, as
// Google, Facebook, Login with Amazon and Sign in with Apple; and a SAML provider (samlify, its own
// process). The browser follows every redirect from the app's /oauth2/authorize to the provider and
// back; the app exchanges its code for Cognito-shaped tokens with the mapped attributes and
// `identities`.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  UpdateUserPoolClientCommand,
  type CreateIdentityProviderCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from 'playwright-core';
import { serverAndPasskeyBrowser } from '../support/chromium.js';
import { createPool, createUser } from '../support/fixtures.js';
import { startOidcProvider, startSamlProvider, type IdentityProviderProcess } from '../support/identityProviders.js';
import { freePort } from '../support/process.js';

const DOMAIN = 'federated-app';
const SOCIAL = ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'] as const;
const apple = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const APPLE_KEY = apple.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/** Claims of the provider's users, by login name. */
const USERS: Record<string, Record<string, unknown>> = {
  carol: { email: 'carol@example.com', email_verified: true, name: 'Carol Federated', id: 'fb-carol', user_id: 'amzn1.account.carol' },
  dave: { email: 'dave@example.com', email_verified: true, name: 'Dave Linked' },
};

const idpPort = await freePort();
const issuer = `http://127.0.0.1:${idpPort}`;

describe('federation in Chromium', () => {
  const chromium = serverAndPasskeyBrowser(() => ({
    // Each social type's stand-in is the same local provider: its discovery names every endpoint.
    socialEndpoints: Object.fromEntries(SOCIAL.map((type) => [type, { oidc_issuer: issuer }])),
  }));
  let idp: IdentityProviderProcess | undefined;
  let poolId = '';
  let clientId = '';
  let callback = '';

  const clientIdOf = (name: string) => `${name.toLowerCase()}-client`;

  before(async () => {
    if (chromium.missing) return;
    const { server, browser } = chromium;
    const { cognito } = server;
    const redirect = `http://localhost:${server.keypool.port}/_domain/${DOMAIN}/oauth2/idpresponse`;
    idp = await startOidcProvider({
      port: idpPort,
      clients: ['Corporate', ...SOCIAL].map((name) => ({ client_id: clientIdOf(name), client_secret: `${name}-secret`, redirect_uris: [redirect], token_endpoint_auth_method: 'client_secret_post' })),
      users: USERS,
      appleClient: { client_id: clientIdOf('SignInWithApple'), client_secret: 'SignInWithApple-secret', team_id: 'TEAM123456', key_id: 'KEY1234567', public_key: apple.publicKey.export({ format: 'pem', type: 'spki' }).toString() },
    });
    poolId = (await createPool(cognito)).Id!;
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: DOMAIN }));
    const mapping = { email: 'email', email_verified: 'email_verified', name: 'name' };
    const providers: CreateIdentityProviderCommandInput[] = [
      {
        UserPoolId: poolId,
        ProviderName: 'Corporate',
        ProviderType: 'OIDC',
        ProviderDetails: { client_id: clientIdOf('Corporate'), client_secret: 'Corporate-secret', attributes_request_method: 'GET', oidc_issuer: issuer, authorize_scopes: 'openid email profile' },
        AttributeMapping: mapping,
        IdpIdentifiers: ['example.com'],
      },
      ...SOCIAL.map(
        (type): CreateIdentityProviderCommandInput => ({
          UserPoolId: poolId,
          ProviderName: type,
          ProviderType: type,
          ProviderDetails:
            type === 'SignInWithApple'
              ? { client_id: clientIdOf(type), team_id: 'TEAM123456', key_id: 'KEY1234567', private_key: APPLE_KEY, authorize_scopes: 'openid email name' }
              : { client_id: clientIdOf(type), client_secret: `${type}-secret`, authorize_scopes: 'openid email profile' },
          AttributeMapping: type === 'SignInWithApple' ? { email: 'email' } : { email: 'email', name: 'name' },
        }),
      ),
    ];
    for (const provider of providers) await cognito.send(new CreateIdentityProviderCommand(provider));
    callback = `${browser.origin}/callback`;
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'federated-app',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile'],
        CallbackURLs: [callback],
        SupportedIdentityProviders: ['COGNITO', 'Corporate', ...SOCIAL],
      }),
    );
    clientId = UserPoolClient!.ClientId!;
  });
  after(async () => idp?.stop());

  /** The app's authorization request, on keypool's clock set to now: the providers' assertions are stamped with the real time. */
  const authorizeUrl = (parameters: Record<string, string>) => {
    chromium.server.clock.set(Date.now());
    return authorizeRequest(parameters);
  };
  const authorizeRequest = (parameters: Record<string, string>) =>
    `http://localhost:${chromium.server.keypool.port}/_domain/${DOMAIN}/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: callback,
      scope: 'openid email profile',
      state: 'app-state',
      ...parameters,
    })}`;

  /** Signs in at the provider's development pages (once a browser session there, only its consent) until the app's callback. */
  async function signInAtProvider(page: Page, login: string): Promise<URL> {
    for (let step = 0; step < 4 && !page.url().startsWith(callback); step++) {
      const loginField = page.locator('input[name=login]');
      if (await loginField.isVisible()) {
        await loginField.fill(login);
        await page.locator('input[name=password]').fill('any password');
      }
      await Promise.all([page.waitForNavigation(), page.locator('button[type=submit]').first().click()]);
    }
    assert.ok(page.url().startsWith(callback), `the browser ended at ${page.url()}`);
    return new URL(page.url());
  }

  /** The app's tokens for the code at its callback. */
  async function tokensFor(back: URL): Promise<{ id: Record<string, unknown>; access: Record<string, unknown> }> {
    assert.equal(back.searchParams.get('error_description'), null);
    assert.equal(back.searchParams.get('state'), 'app-state');
    const response = await fetch(`http://localhost:${chromium.server.keypool.port}/_domain/${DOMAIN}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: back.searchParams.get('code')!, redirect_uri: callback }),
    });
    const tokens = (await response.json()) as { id_token: string; access_token: string };
    assert.equal(response.status, 200, JSON.stringify(tokens));
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    return { id: claims(tokens.id_token), access: claims(tokens.access_token) };
  }

  for (const [name, login, subject] of [
    ['Corporate', 'carol', 'carol'],
    ['Google', 'carol', 'carol'],
    ['Facebook', 'carol', 'fb-carol'],
    ['LoginWithAmazon', 'carol', 'amzn1.account.carol'],
    ['SignInWithApple', 'carol', 'carol'],
  ] as const) {
    it(`signs a user in through ${name}: a federated user ${name}_${subject} with the mapped attributes and identities`, async (t) => {
      if (chromium.missing) return t.skip(chromium.missing);
      const { page } = chromium.browser;
      await page.goto(authorizeUrl({ identity_provider: name }));
      const { id, access } = await tokensFor(await signInAtProvider(page, login));
      assert.equal(id['cognito:username'], `${name}_${subject}`);
      assert.equal(access.username, `${name}_${subject}`);
      assert.deepEqual(id['cognito:groups'], [`${poolId}_${name}`]);
      assert.equal(id.email, 'carol@example.com');
      if (name !== 'SignInWithApple') assert.equal(id.name, 'Carol Federated');
      const identities = id.identities as Record<string, unknown>[];
      assert.equal(identities.length, 1);
      assert.deepEqual({ ...identities[0], dateCreated: undefined }, { userId: subject, providerName: name, providerType: name === 'Corporate' ? 'OIDC' : name, issuer: null, primary: 'true', dateCreated: undefined });
      const user = await chromium.server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: `${name}_${subject}` }));
      assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    });
  }

  it('offers each provider as a button on the login page; idp_identifier picks a provider by its identifier', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { page } = chromium.browser;
    await page.goto(authorizeUrl({}));
    for (const name of ['Corporate', ...SOCIAL]) assert.ok(await page.getByRole('link', { name: `Continue with ${name}` }).isVisible(), name);
    await page.getByRole('link', { name: 'Continue with Corporate' }).click();
    assert.equal((await tokensFor(await signInAtProvider(page, 'carol'))).id['cognito:username'], 'Corporate_carol');

    await page.goto(authorizeUrl({ idp_identifier: 'example.com' }));
    assert.equal((await tokensFor(await signInAtProvider(page, 'carol'))).id['cognito:username'], 'Corporate_carol');
  });

  it('signs a provider user linked by AdminLinkProviderForUser in as the pool user they were linked to', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { cognito } = chromium.server;
    await createUser(cognito, poolId, 'dave.native', { email: 'dave@example.com' });
    await cognito.send(
      new AdminLinkProviderForUserCommand({
        UserPoolId: poolId,
        DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'dave.native' },
        SourceUser: { ProviderName: 'Corporate', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'dave' },
      }),
    );
    const { page } = chromium.browser;
    await page.context().clearCookies();
    await page.goto(authorizeUrl({ identity_provider: 'Corporate' }));
    const { id } = await tokensFor(await signInAtProvider(page, 'dave'));
    assert.equal(id['cognito:username'], 'dave.native');
    assert.deepEqual((id.identities as { userId: string; primary: string }[]).map((i) => [i.userId, i.primary]), [['dave', 'false']]);
  });

  it('signs a user in through a SAML provider: the signed assertion\'s NameID and attributes', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server } = chromium;
    const acsUrl = `http://localhost:${server.keypool.port}/_domain/${DOMAIN}/saml2/idpresponse`;
    const saml = await startSamlProvider({
      port: await freePort(),
      spEntityId: `urn:amazon:cognito:sp:${poolId}`,
      acsUrl,
      user: { nameId: 'erin@corp.example', attributes: { 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'erin@corp.example', displayName: 'Erin Saml' } },
    });
    try {
      await server.cognito.send(
        new CreateIdentityProviderCommand({
          UserPoolId: poolId,
          ProviderName: 'CorpSAML',
          ProviderType: 'SAML',
          ProviderDetails: { MetadataURL: `${saml.url}/metadata` },
          AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', name: 'displayName' },
          IdpIdentifiers: ['corp.example'],
        }),
      );
      await server.cognito.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email', 'profile'],
          CallbackURLs: [callback],
          SupportedIdentityProviders: ['COGNITO', 'Corporate', ...SOCIAL, 'CorpSAML'],
        }),
      );
      const { page } = chromium.browser;
      await page.goto(authorizeUrl({ idp_identifier: 'corp.example' }));
      await page.waitForURL((url) => url.href.startsWith(callback));
      const { id } = await tokensFor(new URL(page.url()));
      assert.equal(id['cognito:username'], 'CorpSAML_erin@corp.example');
      assert.equal(id.email, 'erin@corp.example');
      assert.equal(id.name, 'Erin Saml');
      assert.equal((id.identities as { providerType: string }[])[0]!.providerType, 'SAML');
    } finally {
      await saml.stop();
    }
  });
});
