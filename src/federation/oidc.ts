// Signing in through an OpenID Connect or social provider: the authorization request keypool sends
// the browser to (RFC 6749 §4.1.1, with an OIDC nonce where the provider issues ID tokens), the code
// exchanged at the token endpoint with the provider's client credentials, the ID token verified
// (issuer, audience, signature by the issuer's keys, expiry, nonce: OIDC Core §3.1.3.7), and the
// user's attributes read where the provider serves them.
import { createRemoteJWKSet, importPKCS8, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { App } from '../app.js';
import { USERNAME_SOURCE } from '../oauth/identityProviders.js';
import type { IdentityProviderRecord } from '../store/records.js';
import type { ProviderEndpoints } from './endpoints.js';
import { fetchJson, FederationFailure } from './http.js';

/** Types whose token endpoint must answer with an ID token. */
const ID_TOKEN_TYPES = new Set(['OIDC', 'Google', 'SignInWithApple']);

export interface ProviderIdentity {
  subject: string;
  /** The ID token's claims and the attributes the provider served, as it gave them. */
  claims: Record<string, unknown>;
}

/** Where the browser goes to sign in at the provider. */
export function providerAuthorizeUrl(provider: IdentityProviderRecord, endpoints: ProviderEndpoints, request: { redirectUri: string; state: string; nonce: string }): string {
  const url = new URL(endpoints.authorize);
  const scopes = provider.details.authorize_scopes ?? '';
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', provider.details.client_id ?? '');
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', scopes);
  url.searchParams.set('state', request.state);
  if (endpoints.issuer) url.searchParams.set('nonce', request.nonce);
  // Sign in with Apple gives the name and email only to a form posted back.
  if (provider.providerType === 'SignInWithApple' && /\b(name|email)\b/.test(scopes)) url.searchParams.set('response_mode', 'form_post');
  return url.toString();
}

/** Sign in with Apple's client secret: a short-lived ES256 JWT of the team, signed with the key of key_id. */
async function appleClientSecret(app: App, provider: IdentityProviderRecord, audience: string): Promise<string> {
  const { team_id: teamId, key_id: keyId, private_key: privateKey, client_id: clientId } = provider.details;
  let key;
  try {
    key = await importPKCS8(privateKey ?? '', 'ES256');
  } catch {
    throw new FederationFailure('the private_key of SignInWithApple is not a PKCS #8 EC P-256 key in PEM');
  }
  const now = Math.floor(app.clock.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: keyId })
    .setIssuer(teamId ?? '')
    .setSubject(clientId ?? '')
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

interface TokenAnswer {
  access_token?: unknown;
  id_token?: unknown;
}

/** The provider's tokens for the code, with the client's credentials in the request (client_secret_post). */
async function exchangeCode(app: App, provider: IdentityProviderRecord, endpoints: ProviderEndpoints, code: string, redirectUri: string): Promise<TokenAnswer> {
  const params = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: provider.details.client_id ?? '' });
  const secret = provider.providerType === 'SignInWithApple' ? await appleClientSecret(app, provider, endpoints.issuer ?? '') : provider.details.client_secret;
  if (secret) params.set('client_secret', secret);
  if (endpoints.tokenMethod === 'GET') {
    const url = new URL(endpoints.token);
    for (const [name, value] of params) url.searchParams.set(name, value);
    return fetchJson<TokenAnswer>(url.toString(), "the provider's token endpoint");
  }
  return fetchJson<TokenAnswer>(endpoints.token, "the provider's token endpoint", {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: params.toString(),
  });
}

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function verifyIdToken(app: App, provider: IdentityProviderRecord, endpoints: ProviderEndpoints, idToken: string, nonce: string): Promise<JWTPayload> {
  if (!endpoints.jwks || !endpoints.issuer) throw new FederationFailure(`the provider ${provider.providerName} names no keys to verify its ID token by`);
  let keys = keySets.get(endpoints.jwks);
  if (!keys) keySets.set(endpoints.jwks, (keys = createRemoteJWKSet(new URL(endpoints.jwks), { timeoutDuration: 10_000 })));
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keys, {
      issuer: endpoints.issuer,
      audience: provider.details.client_id,
      currentDate: new Date(app.clock.now()),
      clockTolerance: 60,
    }));
  } catch (error) {
    throw new FederationFailure(`the provider's ID token is not valid: ${(error as Error).message}`);
  }
  if (payload.nonce !== nonce) throw new FederationFailure("the provider's ID token does not carry the nonce of this sign-in");
  return payload;
}

/** The attributes the provider serves for the access token (with the mapped attributes' names appended where it wants them). */
async function readAttributes(provider: IdentityProviderRecord, endpoints: ProviderEndpoints, accessToken: string): Promise<Record<string, unknown>> {
  let url = endpoints.attributes!;
  if (endpoints.addAttributes) {
    const names = new Set([USERNAME_SOURCE[provider.providerType]!, ...Object.values(provider.attributeMapping)]);
    url += [...names].join(',');
  }
  const headers = { Authorization: `Bearer ${accessToken}` };
  return endpoints.attributesMethod === 'POST'
    ? fetchJson(url, "the provider's user attributes", { method: 'POST', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' })
    : fetchJson(url, "the provider's user attributes", { headers });
}

/** Who signed in at the provider, from the code it sent back. */
export async function providerIdentity(
  app: App,
  provider: IdentityProviderRecord,
  endpoints: ProviderEndpoints,
  answer: { code: string; redirectUri: string; nonce: string },
): Promise<ProviderIdentity> {
  const tokens = await exchangeCode(app, provider, endpoints, answer.code, answer.redirectUri);
  let claims: Record<string, unknown> = {};
  if (typeof tokens.id_token === 'string' && endpoints.issuer) {
    claims = { ...(await verifyIdToken(app, provider, endpoints, tokens.id_token, answer.nonce)) };
  } else if (ID_TOKEN_TYPES.has(provider.providerType)) {
    throw new FederationFailure("the provider's token endpoint answered without an ID token");
  }
  if (endpoints.attributes) {
    if (typeof tokens.access_token !== 'string') throw new FederationFailure("the provider's token endpoint answered without an access token");
    const attributes = await readAttributes(provider, endpoints, tokens.access_token);
    // OIDC Core §5.3.2: userinfo's sub must be the ID token's.
    if (claims.sub !== undefined && attributes.sub !== undefined && attributes.sub !== claims.sub) {
      throw new FederationFailure("the provider's user attributes are of another subject than its ID token");
    }
    claims = { ...claims, ...attributes };
  }
  const subject = claims[USERNAME_SOURCE[provider.providerType]!];
  if ((typeof subject !== 'string' && typeof subject !== 'number') || String(subject) === '') {
    throw new FederationFailure(`the provider did not say who signed in (no ${USERNAME_SOURCE[provider.providerType]})`);
  }
  return { subject: String(subject), claims };
}
