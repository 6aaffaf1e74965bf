// The token endpoint of a pool's domain, POST /oauth2/token (application/x-www-form-urlencoded), as
// Cognito serves it: the client authenticates with HTTP Basic or with client_id and client_secret in
// the body (a client without a secret, with client_id alone); errors are OAuth 2.0's, {"error": ...}
// with HTTP 400. Grants: authorization_code (a code of /oauth2/authorize, once, with its
// redirect_uri and PKCE verifier), refresh_token, and client_credentials (an app client with a
// secret, allowed that flow, gets an access token for its custom scopes). /oauth2/revoke ends a
// sign-in by its refresh token.
import type { App } from '../app.js';
import { clientSecretMatches } from '../auth/secretHash.js';
import { CognitoError } from '../protocol/errors.js';
import type { AuthenticationResultType } from '../protocol/shapes.generated.js';
import type { ClientRecord, DomainRecord, PoolRecord } from '../store/records.js';
import { hashRefreshToken, issueClientToken, issueTokens } from '../tokens/issue.js';
import { redeemableRefreshToken, renewTokens } from '../tokens/refresh.js';
import { CodeRefused, redeemAuthorizationCode } from './codes.js';

export interface OAuthAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** An OAuth 2.0 error (RFC 6749 §5.2); the description says what to do and never echoes a secret. */
class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

interface Credentials {
  clientId: string;
  secret?: string;
}

/** The client's credentials from HTTP Basic (each part form-encoded, RFC 6749 §2.3.1) or from the body. */
function credentialsOf(authorization: string | undefined, form: URLSearchParams): Credentials {
  const basic = authorization?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (authorization !== undefined && !basic) throw new OAuthError('invalid_client', 'The Authorization header must be HTTP Basic with the client id and secret.');
  const bodyId = form.get('client_id') ?? undefined;
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'HTTP Basic credentials must be <client_id>:<client_secret>.');
    const clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
    if (bodyId !== undefined && bodyId !== clientId) throw new OAuthError('invalid_request', 'client_id in the body is not the client of the Authorization header.');
    return { clientId, secret: decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' ')) };
  }
  if (!bodyId) throw new OAuthError('invalid_client', 'Authenticate the client with HTTP Basic, or send client_id (and client_secret).');
  return { clientId: bodyId, secret: form.get('client_secret') ?? undefined };
}

/** The app client the credentials prove, of the domain's pool. */
async function authenticatedClient(app: App, domain: DomainRecord, credentials: Credentials): Promise<ClientRecord> {
  const client = await app.store.clients.get(credentials.clientId);
  if (!client || client.poolId !== domain.poolId) throw new OAuthError('invalid_client', 'Client authentication failed: no such client in this user pool.');
  if (client.clientSecrets.length > 0 && !clientSecretMatches(client, credentials.secret)) {
    throw new OAuthError('invalid_client', 'Client authentication failed: the client secret is missing or wrong.');
  }
  return client;
}

/** The custom scopes a client_credentials token is for: those asked for, else every one the client may have. */
function grantedScopes(client: ClientRecord, requested: string | null): string[] {
  const allowed = (client.settings.AllowedOAuthScopes ?? []).filter((scope) => scope.includes('/'));
  const asked = (requested ?? '').split(' ').filter(Boolean);
  const refused = asked.find((scope) => !allowed.includes(scope));
  if (refused !== undefined) throw new OAuthError('invalid_scope', `The client may not have the scope ${refused}; client_credentials tokens carry custom scopes of its AllowedOAuthScopes.`);
  const scopes = asked.length ? [...new Set(asked)] : allowed;
  if (!scopes.length) throw new OAuthError('invalid_scope', 'The client has no custom scopes: add a resource server scope to its AllowedOAuthScopes.');
  return scopes;
}

async function clientCredentialsGrant(app: App, domain: DomainRecord, client: ClientRecord, form: URLSearchParams): Promise<OAuthAnswer> {
  const flows = client.settings.AllowedOAuthFlowsUserPoolClient ? (client.settings.AllowedOAuthFlows ?? []) : [];
  if (!client.clientSecrets.length || !flows.includes('client_credentials')) {
    throw new OAuthError('unauthorized_client', 'The client may not use client_credentials: it needs a secret, AllowedOAuthFlows client_credentials and AllowedOAuthFlowsUserPoolClient true.');
  }
  const pool = await app.store.pools.get(domain.poolId);
  if (!pool) throw new OAuthError('invalid_client', 'Client authentication failed: the user pool is gone.');
  const { token, expiresIn } = await issueClientToken({ app }, pool, client, grantedScopes(client, form.get('scope')));
  return { status: 200, body: { access_token: token, expires_in: expiresIn, token_type: 'Bearer' } };
}

/** The token response of issued tokens (RFC 6749 §5.1). */
const tokenResponse = (tokens: AuthenticationResultType): OAuthAnswer => ({
  status: 200,
  body: {
    ...(tokens.IdToken ? { id_token: tokens.IdToken } : {}),
    access_token: tokens.AccessToken,
    ...(tokens.RefreshToken ? { refresh_token: tokens.RefreshToken } : {}),
    expires_in: tokens.ExpiresIn,
    token_type: 'Bearer',
  },
});

function allowsCodeFlow(client: ClientRecord): void {
  if (!client.settings.AllowedOAuthFlowsUserPoolClient || !(client.settings.AllowedOAuthFlows ?? []).includes('code')) {
    throw new OAuthError('unauthorized_client', 'The client may not use the code flow (AllowedOAuthFlows code, AllowedOAuthFlowsUserPoolClient true).');
  }
}

async function poolOf(app: App, client: ClientRecord): Promise<PoolRecord> {
  const pool = await app.store.pools.get(client.poolId);
  if (!pool) throw new OAuthError('invalid_client', 'Client authentication failed: the user pool is gone.');
  return pool;
}

async function authorizationCodeGrant(app: App, client: ClientRecord, form: URLSearchParams): Promise<OAuthAnswer> {
  allowsCodeFlow(client);
  const code = form.get('code');
  if (!code) throw new OAuthError('invalid_request', 'code is required.');
  let record;
  try {
    record = await redeemAuthorizationCode(app, client, code, form.get('redirect_uri'), form.get('code_verifier'));
  } catch (error) {
    if (error instanceof CodeRefused) throw new OAuthError('invalid_grant', error.message);
    throw error;
  }
  const user = await app.store.users.get(client.poolId, record.username);
  if (!user || !user.enabled) throw new OAuthError('invalid_grant', 'The user of the code can no longer sign in.');
  const { scopes, nonce, authTime } = record.data;
  return tokenResponse(await issueTokens({ app }, await poolOf(app, client), client, user, { authTime, source: 'TokenGeneration_HostedAuth', oauth: { scopes, nonce } }));
}

async function refreshTokenGrant(app: App, client: ClientRecord, form: URLSearchParams): Promise<OAuthAnswer> {
  const token = form.get('refresh_token');
  if (!token) throw new OAuthError('invalid_request', 'refresh_token is required.');
  const pool = await poolOf(app, client);
  try {
    const grant = await redeemableRefreshToken(app, pool, client, token, undefined);
    return tokenResponse(await renewTokens({ app }, pool, client, grant, true));
  } catch (error) {
    if (error instanceof CognitoError && error.status < 500) throw new OAuthError('invalid_grant', error.message);
    throw error;
  }
}

/** POST /oauth2/revoke (RFC 7009): ends the sign-in of a refresh token the client was given; an unknown token is no error. */
export async function revocationEndpoint(app: App, domain: DomainRecord, contentType: string | undefined, authorization: string | undefined, body: string): Promise<OAuthAnswer> {
  try {
    if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'The revocation endpoint takes application/x-www-form-urlencoded bodies.');
    }
    const form = new URLSearchParams(body);
    const client = await authenticatedClient(app, domain, credentialsOf(authorization, form));
    if (client.settings.EnableTokenRevocation === false) throw new OAuthError('unsupported_token_type', 'Token revocation is not enabled for this app client.');
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required.');
    const refresh = await app.store.tokens.getRefresh(hashRefreshToken(token));
    if (refresh && refresh.clientId !== client.clientId) throw new OAuthError('invalid_request', 'The token was not issued to this app client.');
    if (refresh) await app.store.tokens.revokeFamily(refresh.originJti, app.clock.now());
    return { status: 200, body: {} };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return { status: 400, body: { error: error.error, error_description: error.description } };
  }
}

/** POST /oauth2/token on `domain`. */
export async function tokenEndpoint(app: App, domain: DomainRecord, contentType: string | undefined, authorization: string | undefined, body: string): Promise<OAuthAnswer> {
  try {
    if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'The token endpoint takes application/x-www-form-urlencoded bodies.');
    }
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
    const client = await authenticatedClient(app, domain, credentialsOf(authorization, form));
    if (grantType === 'client_credentials') return await clientCredentialsGrant(app, domain, client, form);
    if (grantType === 'authorization_code') return await authorizationCodeGrant(app, client, form);
    if (grantType === 'refresh_token') return await refreshTokenGrant(app, client, form);
    throw new OAuthError('unsupported_grant_type', `grant_type must be authorization_code, refresh_token or client_credentials, not ${grantType}.`);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    app.log.info({ pool: domain.poolId, error: error.error, reason: error.description }, 'token request refused');
    return { status: 400, body: { error: error.error, error_description: error.description } };
  }
}
