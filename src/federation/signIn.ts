// Signing in through a third-party provider on a pool domain: /oauth2/authorize (identity_provider,
// idp_identifier, or a provider's button on the login page) sends the browser to the provider with
// a state of this sign-in, kept single-use for 15 minutes and bound to the browser's form token; the
// provider sends it back to /oauth2/idpresponse (OIDC and social, a code) or /saml2/idpresponse (SAML,
// a signed response); keypool then finds or makes the user and completes the app's request as any
// sign-in on the domain. What goes wrong after the app's request was checked goes back to the app
// (error=invalid_request with the reason), as Cognito's redirects do.
import { createHash } from 'node:crypto';
import { randomBytes } from '../random.js';
import type { IncomingMessage } from 'node:http';
import type { App, RequestContext } from '../app.js';
import { consumeSession } from '../auth/sessions.js';
import { recordAuthEvent } from '../events/record.js';
import { CognitoError } from '../protocol/errors.js';
import type { AuthSessionRecord, FederationState, IdentityProviderRecord, UserRecord } from '../store/records.js';
import { appRefusal, type AuthorizationRequest } from '../oauth/authorize.js';
import type { DomainRequest } from '../oauth/domains.js';
import { formToken, pageContext } from '../oauth/forms.js';
import { checkedRequest, isAnswer, refusalAnswer, signedIn, type PageAnswer } from '../oauth/login.js';
import { errorPage } from '../oauth/pages.js';
import { providerEndpoints } from './endpoints.js';
import { FederationFailure } from './http.js';
import { providerAuthorizeUrl, providerIdentity, type ProviderIdentity } from './oidc.js';
import { samlIdentity, samlSignInUrl, type SamlProviderIdentity } from './saml.js';
import { federatedSignIn } from './users.js';

const STATE_LIFETIME_MS = 15 * 60_000;

const digest = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** The absolute URL of a path of the domain, as the browser reaches it (what the provider must send it back to). */
export function domainUrl(app: App, req: IncomingMessage, found: DomainRequest, path: string): string {
  return `${app.config.tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${found.base}${path}`;
}

/** Sends the browser to the provider the authorization request names. */
export async function startFederatedSignIn(app: App, req: IncomingMessage, found: DomainRequest, request: AuthorizationRequest): Promise<PageAnswer> {
  const provider = request.provider!;
  const { token, cookie } = formToken(req, found);
  const state = randomBytes(24).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  let location: string;
  let samlRequestId: string | undefined;
  try {
    if (provider.providerType === 'SAML') {
      const saml = await samlSignInUrl(app, provider, domainUrl(app, req, found, '/saml2/idpresponse'), state);
      location = saml.url;
      samlRequestId = saml.id;
    } else {
      const endpoints = await providerEndpoints(app, provider);
      location = providerAuthorizeUrl(provider, endpoints, { redirectUri: domainUrl(app, req, found, '/oauth2/idpresponse'), state, nonce });
    }
  } catch (error) {
    if (!(error instanceof FederationFailure)) throw error;
    app.log.warn({ pool: request.pool.id, provider: provider.providerName, reason: error.message }, 'sign-in through the provider cannot start');
    return refusalAnswer(appRefusal(request, 'invalid_request', `The identity provider ${provider.providerName} cannot be reached: ${error.message}`), request.lang);
  }
  await keepFederationState(app, request.client, state, {
    provider: provider.providerName,
    query: request.query,
    nonce,
    binding: digest(token),
    ...(samlRequestId ? { samlRequestId } : {}),
  });
  return { status: 302, location, cookie };
}

/** Keeps what a sign-in (or sign-out) at a provider needs for 15 minutes, single-use, under its state (only a digest of which is stored). */
export async function keepFederationState(app: App, client: { poolId: string; clientId: string }, state: string, data: FederationState): Promise<void> {
  const now = app.clock.now();
  await app.store.sessions.create({
    id: digest(state),
    poolId: client.poolId,
    clientId: client.clientId,
    username: '',
    challengeName: 'FEDERATION',
    data,
    createdAt: now,
    expiresAt: now + STATE_LIFETIME_MS,
  });
}

/** What was kept under `state`, once; a CognitoError when it is unknown, used or expired. */
export const takeFederationState = (app: App, state: string | null): Promise<AuthSessionRecord<'FEDERATION'>> =>
  consumeSession(app, digest(state ?? ''), undefined, 'FEDERATION');

/** The sign-in the provider's answer belongs to, when it is this browser's and not used or expired, with its provider. */
async function returningSignIn(
  app: App,
  req: IncomingMessage,
  found: DomainRequest,
  state: string | null,
): Promise<{ session: AuthSessionRecord<'FEDERATION'>; request: AuthorizationRequest; provider: IdentityProviderRecord } | PageAnswer> {
  let session: AuthSessionRecord<'FEDERATION'>;
  try {
    session = await takeFederationState(app, state);
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return { status: 400, html: errorPage('invalid_request', 'This sign-in is unknown, was used already or took too long: start again from the app.') };
  }
  const { token } = formToken(req, found);
  if (digest(token) !== session.data.binding) {
    return { status: 403, html: errorPage('invalid_request', 'This sign-in was started in another browser: start again from the app.') };
  }
  const request = await checkedRequest(app, found, new URLSearchParams(session.data.query));
  if (isAnswer(request)) return request;
  const provider = await providerOf(app, request, session.data.provider);
  return isAnswer(provider) ? provider : { session, request, provider };
}

/** Signs the provider's user in for the app's request: the user found or made, the auth event, the app's code or tokens. */
async function completeFederatedSignIn(
  app: App,
  req: IncomingMessage,
  found: DomainRequest,
  request: AuthorizationRequest,
  provider: IdentityProviderRecord,
  identify: () => Promise<ProviderIdentity>,
): Promise<PageAnswer> {
  const ctx: RequestContext = pageContext(app, req, 'ManagedLogin');
  ctx.note({ pool: request.pool.id, client: request.client.clientId, flow: 'USER_AUTH' });
  const input = { Username: undefined as string | undefined };
  let signIn: { user: UserRecord; identity: ProviderIdentity & { sessionIndex?: string } };
  try {
    const identity = await identify();
    input.Username = `${provider.providerName}_${identity.subject}`;
    signIn = { user: await federatedSignIn(ctx, request.pool, provider, identity), identity };
  } catch (error) {
    const known = error instanceof FederationFailure || (error instanceof CognitoError && error.status < 500);
    if (!known) throw error;
    await recordAuthEvent(ctx, 'SignIn', { input, error });
    app.log.info({ pool: request.pool.id, provider: provider.providerName, reason: error.message }, 'sign-in through the provider refused');
    return refusalAnswer(appRefusal(request, 'invalid_request', error.message), request.lang);
  }
  const { user, identity } = signIn;
  ctx.note({ user: user.username });
  await recordAuthEvent(ctx, 'SignIn', { input, output: { AuthenticationResult: {} } });
  const saml = provider.providerType === 'SAML' ? { provider: provider.providerName, nameId: identity.subject, sessionIndex: identity.sessionIndex } : undefined;
  return signedIn(app, found, request, user, Math.floor(app.clock.now() / 1000), saml);
}

/** The provider of a returning sign-in, unless it was deleted meanwhile. */
async function providerOf(app: App, request: AuthorizationRequest, name: string): Promise<IdentityProviderRecord | PageAnswer> {
  const provider = await app.store.identityProviders.get(request.pool.id, name);
  return provider ?? refusalAnswer(appRefusal(request, 'invalid_request', `The identity provider ${name} was deleted during the sign-in.`), request.lang);
}

/** GET /oauth2/idpresponse: an OIDC or social provider's answer (a code, or an error) with the state. */
export async function oauthProviderResponse(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const returning = await returningSignIn(app, req, found, query.get('state'));
  if (isAnswer(returning)) return returning;
  const { session, request, provider } = returning;
  if (provider.providerType === 'SAML') return { status: 400, html: errorPage('invalid_request', 'A SAML provider answers at /saml2/idpresponse.') };
  const error = query.get('error');
  if (error !== null) {
    const description = query.get('error_description');
    return refusalAnswer(appRefusal(request, 'invalid_request', `The identity provider answered ${error}${description ? `: ${description}` : ''}.`), request.lang);
  }
  return completeFederatedSignIn(app, req, found, request, provider, async () =>
    providerIdentity(app, provider, await providerEndpoints(app, provider), {
      code: query.get('code') ?? '',
      redirectUri: domainUrl(app, req, found, '/oauth2/idpresponse'),
      nonce: session.data.nonce,
    }),
  );
}

/**
 * POST /oauth2/idpresponse: a provider's form_post (Sign in with Apple's). The browser comes from the
 * provider's site and so sends no SameSite=Lax cookie; its fields go on by a GET the browser makes
 * to this site, which carries them.
 */
export function postedProviderResponse(found: DomainRequest, form: URLSearchParams): PageAnswer {
  const next = new URLSearchParams();
  for (const name of ['code', 'state', 'error', 'error_description']) {
    const value = form.get(name);
    if (value !== null) next.set(name, value);
  }
  return { status: 302, location: `${found.base}/oauth2/idpresponse?${next}` };
}

/**
 * POST /saml2/idpresponse: a SAML provider's response, posted from its site (no cookies). Its
 * RelayState names the sign-in keypool started: the response is verified against it, and the
 * identity it asserts is kept, single-use, for the GET the browser is sent to next, which carries
 * the cookie that proves it is the browser that started the sign-in. A RelayState that is an
 * authorization request's parameters instead is a sign-in the provider started (IdP-initiated).
 */
export async function samlProviderResponse(app: App, req: IncomingMessage, found: DomainRequest, form: URLSearchParams): Promise<PageAnswer> {
  const relayState = form.get('RelayState') ?? '';
  if (new URLSearchParams(relayState).has('client_id')) return providerStartedSignIn(app, req, found, relayState, form.get('SAMLResponse') ?? '');
  let session: AuthSessionRecord<'FEDERATION'>;
  try {
    session = await takeFederationState(app, relayState);
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return {
      status: 400,
      html: errorPage('invalid_request', 'This SAML response answers no sign-in keypool started (unknown, used or expired RelayState): start again from the app.'),
    };
  }
  const request = await checkedRequest(app, found, new URLSearchParams(session.data.query));
  if (isAnswer(request)) return request;
  const provider = await providerOf(app, request, session.data.provider);
  if (isAnswer(provider)) return provider;
  const identity = await verifiedSamlIdentity(app, req, found, request, provider, form.get('SAMLResponse') ?? '', session.data.samlRequestId);
  if (isAnswer(identity)) return identity;
  const handle = randomBytes(24).toString('base64url');
  await keepFederationState(app, session, handle, { ...session.data, assertion: JSON.stringify(identity) });
  return { status: 302, location: `${found.base}/saml2/idpresponse?handle=${handle}` };
}

async function verifiedSamlIdentity(
  app: App,
  req: IncomingMessage,
  found: DomainRequest,
  request: AuthorizationRequest,
  provider: IdentityProviderRecord,
  response: string,
  inResponseTo: string | undefined,
): Promise<SamlProviderIdentity | PageAnswer> {
  try {
    return await samlIdentity(app, provider, response, domainUrl(app, req, found, '/saml2/idpresponse'), inResponseTo);
  } catch (error) {
    if (!(error instanceof FederationFailure)) throw error;
    app.log.info({ pool: request.pool.id, provider: provider.providerName, reason: error.message }, 'SAML response refused');
    return refusalAnswer(appRefusal(request, 'invalid_request', error.message), request.lang);
  }
}

/**
 * A sign-in the SAML provider started: the RelayState is the app's authorization request, naming a
 * SAML provider that allows it (IDPInit true); the response answers no request, so each assertion is
 * taken once, until it expires. No browser started it, so there is no browser to bind it to.
 */
async function providerStartedSignIn(app: App, req: IncomingMessage, found: DomainRequest, relayState: string, response: string): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, new URLSearchParams(relayState));
  if (isAnswer(request)) return request;
  const provider = request.provider;
  if (provider?.providerType !== 'SAML' || provider.details.IDPInit !== 'true') {
    return refusalAnswer(appRefusal(request, 'invalid_request', 'A sign-in the identity provider starts must name a SAML provider whose IDPInit is true.'), request.lang);
  }
  const identity = await verifiedSamlIdentity(app, req, found, request, provider, response, undefined);
  if (isAnswer(identity)) return identity;
  if (!(await firstUseOfAssertion(app, request, provider, identity.assertion))) {
    return refusalAnswer(appRefusal(request, 'invalid_request', 'This SAML response was used already.'), request.lang);
  }
  return completeFederatedSignIn(app, req, found, request, provider, async () => identity);
}

/** Whether this is the first time the assertion is presented: a one-time record per assertion ID, kept until it expires. */
async function firstUseOfAssertion(app: App, request: AuthorizationRequest, provider: IdentityProviderRecord, assertion: { id: string; notOnOrAfter: number }): Promise<boolean> {
  const id = digest(`saml-assertion:${provider.poolId}:${provider.providerName}:${assertion.id}`);
  if (!(await app.store.sessions.get(id))) {
    const now = app.clock.now();
    const data: FederationState = { provider: provider.providerName, query: request.query, nonce: '', binding: '' };
    try {
      await app.store.sessions.create({ id, poolId: provider.poolId, clientId: request.client.clientId, username: '', challengeName: 'FEDERATION', data, createdAt: now, expiresAt: Math.max(assertion.notOnOrAfter, now) + 60_000 });
    } catch (error) {
      // Presented twice at once: the other request's record stands, and consuming it decides.
      if (!(await app.store.sessions.get(id))) throw error;
    }
  }
  return (await app.store.sessions.consume(id, app.clock.now())).outcome === 'ok';
}

/** GET /saml2/idpresponse: the browser back with the handle of the identity its SAML response asserted. */
export async function samlSignInCompleted(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const returning = await returningSignIn(app, req, found, query.get('handle'));
  if (isAnswer(returning)) return returning;
  const { session, request, provider } = returning;
  if (session.data.assertion === undefined) return { status: 400, html: errorPage('invalid_request', 'This sign-in has no SAML response yet.') };
  const identity = JSON.parse(session.data.assertion) as ProviderIdentity;
  return completeFederatedSignIn(app, req, found, request, provider, async () => identity);
}
