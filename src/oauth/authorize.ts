// An authorization request (/oauth2/authorize, and the managed login pages it leads to, which carry
// its parameters along): checked as Cognito checks it, and completed, once the user has signed in,
// with a code (response_type=code) or tokens in the fragment (response_type=token) at redirect_uri.
import type { App } from '../app.js';
import type { ClientRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../store/records.js';
import { issueTokens } from '../tokens/issue.js';
import { issueAuthorizationCode } from './codes.js';
import { pageLanguage, type Language } from './texts.js';

export interface AuthorizationRequest {
  pool: PoolRecord;
  client: ClientRecord;
  responseType: 'code' | 'token';
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** The identity provider the request names (identity_provider or idp_identifier): the user signs in there. */
  provider?: IdentityProviderRecord;
  /** The language of the pages (`lang`, English when absent or not one of managed login's). */
  lang: Language;
  /** The request's parameters as given, which the login pages pass on. */
  query: string;
}

/**
 * A request that cannot go on. With `redirect`, the app is told at its redirect_uri (error and
 * state); without, the request named no app to tell (an unknown client, a redirect_uri it does not
 * have), and the browser gets a page saying so.
 */
export class AuthorizeRefusal extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly redirect?: URL,
  ) {
    super(description);
  }
}

/** The checked request of `query`, for the pool domain of `poolId`. */
export async function authorizationRequest(app: App, poolId: string, query: URLSearchParams): Promise<AuthorizationRequest> {
  const clientId = query.get('client_id');
  const client = clientId ? await app.store.clients.get(clientId) : undefined;
  if (!client || client.poolId !== poolId) throw new AuthorizeRefusal('invalid_request', 'client_id names no app client of this user pool.');
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!(client.settings.CallbackURLs ?? []).includes(redirectUri)) {
    throw new AuthorizeRefusal('redirect_mismatch', 'redirect_uri is not one of the app client\'s CallbackURLs (they must match exactly).');
  }
  const state = query.get('state') ?? undefined;
  const refuse = (error: string, description: string) => appRefusal({ redirectUri, state }, error, description);
  const responseType = query.get('response_type');
  if (responseType !== 'code' && responseType !== 'token') throw refuse('unsupported_response_type', 'response_type must be code or token.');
  const flows = client.settings.AllowedOAuthFlowsUserPoolClient ? (client.settings.AllowedOAuthFlows ?? []) : [];
  if (!flows.includes(responseType === 'code' ? 'code' : 'implicit')) {
    throw refuse('unauthorized_client', `The app client does not allow the ${responseType === 'code' ? 'code' : 'implicit'} flow (AllowedOAuthFlows, AllowedOAuthFlowsUserPoolClient).`);
  }
  const allowed = client.settings.AllowedOAuthScopes ?? [];
  const asked = (query.get('scope') ?? '').split(' ').filter(Boolean);
  const refused = asked.find((scope) => !allowed.includes(scope));
  if (refused !== undefined) throw refuse('invalid_scope', `The app client may not have the scope ${refused}.`);
  const provider = await namedProvider(app, client, query, refuse);
  const codeChallenge = query.get('code_challenge') ?? undefined;
  const method = query.get('code_challenge_method') ?? (codeChallenge ? 'plain' : undefined);
  if (method !== undefined && method !== 'S256' && method !== 'plain') throw refuse('invalid_request', 'code_challenge_method must be S256 or plain.');
  if (method !== undefined && !codeChallenge) throw refuse('invalid_request', 'code_challenge_method needs a code_challenge.');
  const pool = (await app.store.pools.get(poolId))!;
  return {
    pool,
    client,
    responseType,
    redirectUri,
    scopes: asked.length ? [...new Set(asked)] : allowed,
    state,
    nonce: query.get('nonce') ?? undefined,
    codeChallenge,
    codeChallengeMethod: method,
    provider,
    lang: pageLanguage(query.get('lang')),
    query: query.toString(),
  };
}

/** The refusal that tells the app at its redirect_uri (with its state) why its request cannot go on. */
export function appRefusal(request: { redirectUri: string; state?: string }, error: string, description: string): AuthorizeRefusal {
  const url = new URL(request.redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (request.state !== undefined) url.searchParams.set('state', request.state);
  return new AuthorizeRefusal(error, description, url);
}

/**
 * The third-party provider the request sends the user to: identity_provider by name, or
 * idp_identifier by one of a provider's IdpIdentifiers; one the app client supports. None for COGNITO.
 */
async function namedProvider(
  app: App,
  client: ClientRecord,
  query: URLSearchParams,
  refuse: (error: string, description: string) => AuthorizeRefusal,
): Promise<IdentityProviderRecord | undefined> {
  const name = query.get('identity_provider');
  const identifier = query.get('idp_identifier');
  if (name === 'COGNITO' || (name === null && identifier === null)) return undefined;
  const provider =
    name !== null ? await app.store.identityProviders.get(client.poolId, name) : await app.store.identityProviders.getByIdentifier(client.poolId, identifier!);
  if (!provider) {
    throw refuse('invalid_request', name !== null ? `The user pool has no identity provider ${name}.` : `No identity provider of the user pool has the identifier ${identifier}.`);
  }
  if (!(client.settings.SupportedIdentityProviders ?? []).includes(provider.providerName)) {
    throw refuse('unauthorized_client', `The app client does not support the identity provider ${provider.providerName} (SupportedIdentityProviders).`);
  }
  return provider;
}

/** Where the browser goes once `user` has signed in (at `authTime`, epoch seconds) for the request. */
export async function completeAuthorization(app: App, request: AuthorizationRequest, user: UserRecord, authTime: number): Promise<URL> {
  const { client, state } = request;
  const url = new URL(request.redirectUri);
  if (request.responseType === 'code') {
    const code = await issueAuthorizationCode(app, client, user, {
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      nonce: request.nonce,
      authTime,
    });
    url.searchParams.set('code', code);
    if (state !== undefined) url.searchParams.set('state', state);
    return url;
  }
  const tokens = await issueTokens({ app }, request.pool, client, user, {
    authTime,
    source: 'TokenGeneration_HostedAuth',
    oauth: { scopes: request.scopes, nonce: request.nonce },
  });
  const fragment = new URLSearchParams({
    ...(tokens.IdToken ? { id_token: tokens.IdToken } : {}),
    access_token: tokens.AccessToken!,
    token_type: 'Bearer',
    expires_in: String(tokens.ExpiresIn),
    ...(state === undefined ? {} : { state }),
  });
  url.hash = fragment.toString();
  return url;
}
