// The token endpoint of a pool's domain, POST /oauth2/token (application/x-www-form-urlencoded), as
// Cognito serves it: the client authenticates with HTTP Basic or with client_id and client_secret in
// the body; errors are OAuth 2.0's, {"error": ...} with HTTP 400. The client_credentials grant gives
// an app client with a secret, allowed that flow, an access token for its custom scopes.
import type { App } from '../app.js';
import { clientSecretMatches } from '../auth/secretHash.js';
import type { ClientRecord, DomainRecord } from '../store/records.js';
import { issueClientToken } from '../tokens/issue.js';

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
  const { token, expiresIn } = await issueClientToken(app, pool, client, grantedScopes(client, form.get('scope')));
  return { status: 200, body: { access_token: token, expires_in: expiresIn, token_type: 'Bearer' } };
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
    throw new OAuthError('unsupported_grant_type', `keypool's token endpoint performs the client_credentials grant, not ${grantType}.`);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    app.log.info({ pool: domain.poolId, error: error.error, reason: error.description }, 'token request refused');
    return { status: 400, body: { error: error.error, error_description: error.description } };
  }
}
