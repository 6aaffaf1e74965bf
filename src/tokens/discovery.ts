// Each pool's OpenID discovery document and JWKS under `<issuer>/.well-known/`: what apps and backends
// fetch to verify the pool's tokens. Public documents, cacheable for a minute (the key ring's cache).
import type { App } from '../app.js';
import { domainBaseUrl } from '../oauth/domains.js';
import { issuerIn } from '../pools/replicas.js';

// Under a replica's region too (`/<region>/<poolId>/...`): the replica's issuer, the pool's keys.
const WELL_KNOWN = /^\/(?:([a-z0-9-]+)\/)?([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

export interface Document {
  status: number;
  body: unknown;
  cacheControl: string;
}

/** The document at `pathname`, or undefined when it is not a pool's well-known path. */
export async function wellKnownDocument(app: App, pathname: string): Promise<Document | undefined> {
  const match = pathname.match(WELL_KNOWN);
  if (!match) return undefined;
  const [, region, poolId, name] = match as unknown as [string, string | undefined, string, string];
  const issuer = await issuerIn(app, poolId, region);
  if (!(await app.store.pools.get(poolId)) || (region !== undefined && issuer === app.issuer(poolId))) {
    return { status: 404, body: { message: `User pool ${poolId} does not exist${region ? ` in ${region}` : ''}.` }, cacheControl: 'no-store' };
  }
  if (name === 'jwks.json') return { status: 200, body: await app.keys.jwks(poolId), cacheControl: 'public, max-age=60' };
  // The OAuth 2.0 endpoints of the pool's domain (its prefix domain before a custom one), where it has one.
  const domains = await app.store.domains.listForPool(poolId);
  const domain = domains.find((d) => !d.custom) ?? domains[0];
  const base = domain && domainBaseUrl(app.issuer(poolId).slice(0, -poolId.length - 1), domain.domain);
  const endpoints = base
    ? {
        authorization_endpoint: `${base}/oauth2/authorize`,
        token_endpoint: `${base}/oauth2/token`,
        userinfo_endpoint: `${base}/oauth2/userInfo`,
        revocation_endpoint: `${base}/oauth2/revoke`,
      }
    : {};
  return {
    status: 200,
    body: {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      ...endpoints,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'email', 'email_verified', 'cognito:username'],
      response_types_supported: ['code', 'token'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256', 'plain'],
    },
    cacheControl: 'public, max-age=60',
  };
}
