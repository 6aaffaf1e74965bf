// Federated sign-in over plain HTTP, the browser's part played by fetch: the SAML provider (samlify,
// its own process) answers at once, so every step can be replayed, forged or sent from elsewhere.
// The app's /oauth2/authorize refusals, the single-use state bound to the browser, forged and
// replayed responses, the triggers a first sign-in runs, disabled provider users, the auth events.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  GetSigningCertificateCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPool } from '../support/fixtures.js';
import { startSamlProvider, type IdentityProviderProcess } from '../support/identityProviders.js';
import { freePort } from '../support/process.js';
import { TRIGGER_HANDLER } from '../support/lambdaServer.js';
import { startTestServer, type TestServer } from '../support/server.js';

const eventsDir = mkdtempSync(join(tmpdir(), 'keypool-federation-triggers-'));
process.env.KEYPOOL_TRIGGER_EVENTS = eventsDir;
const TRIGGER_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:keypool-test-trigger';
const CALLBACK = 'https://app.example/callback';
const SIGNED_OUT = 'https://app.example/signed-out';
const DOMAIN = 'saml-app';

const triggerSources = (poolId: string): string[] => {
  try {
    return readFileSync(join(eventsDir, `${poolId}.jsonl`), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { triggerSource: string }).triggerSource);
  } catch {
    return [];
  }
};

describe('federated sign-in over HTTP', () => {
  let server: TestServer;
  let idp: IdentityProviderProcess;
  let poolId: string;
  let clientId: string;
  let base: string;

  before(async () => {
    server = await startTestServer({ triggers: { 'keypool-test-trigger': TRIGGER_HANDLER } });
    const { cognito } = server;
    poolId = (await createPool(cognito, { LambdaConfig: { PreSignUp: TRIGGER_ARN, PostConfirmation: TRIGGER_ARN, PreTokenGeneration: TRIGGER_ARN } })).Id!;
    await cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: DOMAIN }));
    base = `http://localhost:${server.keypool.port}/_domain/${DOMAIN}`;
    idp = await startSamlProvider({
      port: await freePort(),
      spEntityId: `urn:amazon:cognito:sp:${poolId}`,
      acsUrl: `${base}/saml2/idpresponse`,
      user: { nameId: 'erin', attributes: { mail: 'erin@corp.example' } },
    });
    await cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'CorpSAML',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataURL: `${idp.url}/metadata`, RequestSigningAlgorithm: 'rsa-sha256' },
        AttributeMapping: { email: 'mail' },
      }),
    );
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'saml-app',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [CALLBACK],
        SupportedIdentityProviders: ['CorpSAML'],
      }),
    );
    clientId = UserPoolClient!.ClientId!;
  });
  after(async () => {
    await idp?.stop();
    await server?.dispose();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  /** The app's authorization request; a parameter given as '' is left out. */
  const authorize = (parameters: Record<string, string> = {}) => {
    const all = { response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid email', state: 'st', identity_provider: 'CorpSAML', ...parameters };
    return `${base}/oauth2/authorize?${new URLSearchParams(Object.entries(all).filter(([, value]) => value !== ''))}`;
  };

  const get = (url: string, cookie = '') => fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

  /** The app's request up to the provider's posted answer: the browser's cookie, the form fields the provider posts. */
  async function atProvider(): Promise<{ cookie: string; form: URLSearchParams }> {
    server.clock.set(Date.now());
    const started = await get(authorize());
    assert.equal(started.status, 302);
    const cookie = started.headers.get('set-cookie')!.split(';')[0]!;
    const sso = new URL(started.headers.get('location')!);
    assert.ok(sso.searchParams.get('Signature'), 'RequestSigningAlgorithm rsa-sha256: the AuthnRequest is signed');
    const page = await (await get(sso.toString())).text();
    const field = (name: string) => page.match(new RegExp(`name="${name}" value="([^"]*)"`))![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    return { cookie, form: new URLSearchParams({ SAMLResponse: field('SAMLResponse'), RelayState: field('RelayState') }) };
  }

  const post = (form: URLSearchParams) =>
    fetch(`${base}/saml2/idpresponse`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });

  /** The provider's answer posted (from its site: no cookie), then the browser's GET with its cookie: where the browser ends. */
  async function answer(cookie: string, form: URLSearchParams): Promise<URL> {
    const posted = await post(form);
    assert.equal(posted.status, 302, await posted.text());
    const location = new URL(posted.headers.get('location')!, base);
    if (location.href.startsWith(CALLBACK)) return location;
    const back = await get(location.toString(), cookie);
    assert.equal(back.status, 302, await back.text());
    return new URL(back.headers.get('location')!);
  }

  it('signs the provider user in: a code for the app, the triggers of a first sign-in, an auth event', async () => {
    const { cookie, form } = await atProvider();
    const back = await answer(cookie, form);
    assert.ok(back.searchParams.get('code'), back.toString());
    assert.equal(back.searchParams.get('state'), 'st');
    const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'CorpSAML_erin' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'email')?.Value, 'erin@corp.example');
    assert.deepEqual(triggerSources(poolId), ['PreSignUp_ExternalProvider', 'PostConfirmation_ConfirmSignUp']);
    const tokens = await fetch(`${base}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: back.searchParams.get('code')!, redirect_uri: CALLBACK }),
    });
    assert.equal(tokens.status, 200);
    assert.deepEqual(triggerSources(poolId).at(-1), 'TokenGeneration_HostedAuth');
    const { items } = await server.keypool.app.store.events.list({ poolId, username: 'CorpSAML_erin', limit: 5 });
    assert.deepEqual(items.map((e) => [e.operation, e.outcome]), [['ManagedLogin', 'Pass']]);
  });

  it('takes each answer once, and only from the browser that started the sign-in', async () => {
    const { cookie, form } = await atProvider();
    const posted = await post(form);
    const handle = new URL(posted.headers.get('location')!, base);
    // Replaying the provider's answer: its RelayState was used.
    const replayed = await post(form);
    assert.equal(replayed.status, 400);
    assert.match(await replayed.text(), /answers no sign-in keypool started/);
    // Another browser (no cookie, or another one) cannot complete it.
    const elsewhere = await get(handle.toString(), 'keypool-form=AAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(elsewhere.status, 403);
    assert.match(await elsewhere.text(), /started in another browser/);
    // ... and having been tried, it is spent.
    const late = await get(handle.toString(), cookie);
    assert.equal(late.status, 400);
    const unknown = await get(`${base}/oauth2/idpresponse?code=x&state=forged`, cookie);
    assert.equal(unknown.status, 400);
  });

  it('sends a forged response back to the app as an error, signing nobody in', async () => {
    const { cookie, form } = await atProvider();
    const xml = Buffer.from(form.get('SAMLResponse')!, 'base64').toString('utf8').replace('>erin<', '>mallory<');
    form.set('SAMLResponse', Buffer.from(xml).toString('base64'));
    const back = await answer(cookie, form);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description')!, /SAML response is not accepted: neither the assertion nor the response is signed/);
    assert.equal(back.searchParams.get('state'), 'st');
    await assert.rejects(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'CorpSAML_mallory' })), { name: 'UserNotFoundException' });
  });

  it('lets PreSignUp refuse a new provider user, and refuses a provider user AdminDisableProviderForUser disabled', async () => {
    await fetch(`${idp.url}/user`, { method: 'POST', body: JSON.stringify({ nameId: 'rita', attributes: { mail: 'rita@refused.example' } }) });
    let { cookie, form } = await atProvider();
    let back = await answer(cookie, form);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description')!, /PreSignUp failed with error refused by PreSignUp/);
    await assert.rejects(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'CorpSAML_rita' })), { name: 'UserNotFoundException' });

    await fetch(`${idp.url}/user`, { method: 'POST', body: JSON.stringify({ nameId: 'erin', attributes: { mail: 'erin@corp.example' } }) });
    await server.cognito.send(
      new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'CorpSAML', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'erin' } }),
    );
    ({ cookie, form } = await atProvider());
    back = await answer(cookie, form);
    assert.equal(back.searchParams.get('error_description'), 'User is disabled.');
  });

  it('takes a sign-in the provider started only where IDPInit allows it, and each of its responses once', async () => {
    const relayState = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK, scope: 'openid', identity_provider: 'CorpSAML' }).toString();
    const unsolicited = async () => {
      const page = await (await get(`${idp.url}/initiate?${new URLSearchParams({ RelayState: relayState })}`)).text();
      return new URLSearchParams({ SAMLResponse: page.match(/name="SAMLResponse" value="([^"]*)"/)![1]!, RelayState: relayState });
    };
    await fetch(`${idp.url}/user`, { method: 'POST', body: JSON.stringify({ nameId: 'ivy', attributes: { mail: 'ivy@corp.example' } }) });
    server.clock.set(Date.now());
    let posted = await post(await unsolicited());
    assert.match(new URL(posted.headers.get('location')!).searchParams.get('error_description')!, /IDPInit is true/);

    await server.cognito.send(
      new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpSAML', ProviderDetails: { MetadataURL: `${idp.url}/metadata`, RequestSigningAlgorithm: 'rsa-sha256', IDPInit: 'true' } }),
    );
    const form = await unsolicited();
    posted = await post(form);
    const back = new URL(posted.headers.get('location')!);
    assert.ok(back.searchParams.get('code'), back.toString());
    assert.equal(back.searchParams.get('state'), null);
    const replayed = new URL((await post(form)).headers.get('location')!);
    assert.equal(replayed.searchParams.get('error_description'), 'This SAML response was used already.');
    // A response to a request keypool made is no unsolicited one.
    const { form: solicited } = await atProvider();
    solicited.set('RelayState', relayState);
    const mixed = new URL((await post(solicited)).headers.get('location')!);
    assert.match(mixed.searchParams.get('error_description')!, /answers a request of another sign-in/);
  });

  it('opens encrypted assertions with the pool\'s key where EncryptedResponses is set, and takes no others', async () => {
    await fetch(`${idp.url}/user`, { method: 'POST', body: JSON.stringify({ nameId: 'june', attributes: { mail: 'june@corp.example' } }) });
    const details = { MetadataURL: `${idp.url}/metadata`, RequestSigningAlgorithm: 'rsa-sha256', EncryptedResponses: 'true' };
    const { IdentityProvider } = await server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpSAML', ProviderDetails: details }));
    const { Certificate } = await server.cognito.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    assert.equal(IdentityProvider!.ProviderDetails!.ActiveEncryptionCertificate, Certificate);
    // Still plain from the provider: refused.
    let { cookie, form } = await atProvider();
    let back = await answer(cookie, form);
    assert.match(back.searchParams.get('error_description')!, /not encrypted, and the provider is set to encrypt/);

    await fetch(`${idp.url}/encrypt`, { method: 'POST', body: Certificate });
    ({ cookie, form } = await atProvider());
    assert.match(Buffer.from(form.get('SAMLResponse')!, 'base64').toString('utf8'), /EncryptedAssertion/);
    back = await answer(cookie, form);
    assert.ok(back.searchParams.get('code'), back.toString());
    const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'CorpSAML_june' }));
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'email')?.Value, 'june@corp.example');
  });

  it('signs out at the SAML provider too where IDPSignout is set, then goes on to the app\'s logout_uri', async () => {
    await fetch(`${idp.url}/user`, { method: 'POST', body: JSON.stringify({ nameId: 'kim', attributes: { mail: 'kim@corp.example' } }) });
    await fetch(`${idp.url}/encrypt`, { method: 'POST', body: '' });
    const details = { MetadataURL: `${idp.url}/metadata`, RequestSigningAlgorithm: 'rsa-sha256', IDPSignout: 'true' };
    await server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpSAML', ProviderDetails: details }));
    await server.cognito.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [CALLBACK],
        LogoutURLs: [SIGNED_OUT],
        SupportedIdentityProviders: ['CorpSAML'],
      }),
    );
    const { cookie, form } = await atProvider();
    const posted = await post(form);
    const back = await get(new URL(posted.headers.get('location')!, base).toString(), cookie);
    assert.ok(new URL(back.headers.get('location')!).searchParams.get('code'));
    const login = back.headers.get('set-cookie')!.split(';')[0]!;

    const logout = await get(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`, `${cookie}; ${login}`);
    assert.equal(logout.status, 302);
    assert.match(logout.headers.get('set-cookie')!, /keypool-login=;/);
    const slo = new URL(logout.headers.get('location')!);
    assert.equal(slo.origin + slo.pathname, `${idp.url}/slo`);
    assert.ok(slo.searchParams.get('Signature'));
    const answered = await get(slo.toString());
    const signedOutAt = new URL(answered.headers.get('location')!);
    assert.equal(signedOutAt.pathname, `/_domain/${DOMAIN}/saml2/logout`);
    const done = await get(signedOutAt.toString());
    assert.equal(done.headers.get('location'), SIGNED_OUT);
    assert.deepEqual(await (await fetch(`${idp.url}/signed-out`)).json(), [{ nameId: 'kim', sessionIndex: '_session-kim' }]);
    // The provider's answer serves once.
    assert.equal((await get(signedOutAt.toString())).status, 400);

    // Without IDPSignout, /logout goes straight to the app.
    await server.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'CorpSAML', ProviderDetails: { MetadataURL: `${idp.url}/metadata` } }));
    const direct = await get(`${base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`, `${cookie}; ${login}`);
    assert.equal(direct.headers.get('location'), SIGNED_OUT);
  });

  it('answers what it cannot read with a 4xx page, whatever is sent', async () => {
    const form = (body: string) => ({ method: 'POST', redirect: 'manual' as const, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
    const answers = await Promise.all([
      fetch(`${base}/saml2/idpresponse`, form(`SAMLResponse=${'A'.repeat(1_100_000)}&RelayState=x`)),
      fetch(`${base}/saml2/idpresponse`, form('SAMLResponse=%%%&RelayState=x')),
      fetch(`${base}/saml2/idpresponse`, form(`RelayState=${encodeURIComponent('client_id=nobody&redirect_uri=x')}`)),
      fetch(`${base}/login`, form(`username=${'A'.repeat(1_100_000)}`)),
      get(`${base}/saml2/idpresponse?handle=forged`),
      get(`${base}/saml2/logout?SAMLResponse=%%%&RelayState=x`),
      get(`${base}/oauth2/idpresponse`),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [413, 400, 400, 413, 400, 400, 400],
    );
  });

  it('refuses, at the app, a provider the pool does not have or the app client does not support', async () => {
    const unknown = await get(authorize({ identity_provider: 'Nobody' }));
    const location = new URL(unknown.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description')!, /no identity provider Nobody/);
    assert.equal(location.searchParams.get('state'), 'st');
    const byIdentifier = new URL((await get(authorize({ identity_provider: '', idp_identifier: 'nobody.example' }))).headers.get('location')!);
    assert.match(byIdentifier.searchParams.get('error_description')!, /identifier nobody.example/);

    await server.cognito.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Other',
        ProviderType: 'OIDC',
        ProviderDetails: { client_id: 'c', attributes_request_method: 'GET', oidc_issuer: 'https://other.example', authorize_scopes: 'openid' },
      }),
    );
    const unsupported = new URL((await get(authorize({ identity_provider: 'Other' }))).headers.get('location')!);
    assert.equal(unsupported.searchParams.get('error'), 'unauthorized_client');
  });
});
