// Where a sign-in through a provider goes: the endpoints of its ProviderDetails (an OIDC provider's,
// or those Cognito fills in for a social type), those of the operator's --social-endpoints instead
// for a social type it names (a local stand-in for Google, say), and, for whatever an issuer is known
// and nothing names, the issuer's discovery document (OpenID Connect Discovery 1.0 §4).
import { readFileSync } from 'node:fs';
import type { App } from '../app.js';
import type { IdentityProviderRecord } from '../store/records.js';
import { fetchJson, FederationFailure, keptFiveMinutes } from './http.js';

export interface ProviderEndpoints {
  authorize: string;
  token: string;
  tokenMethod: 'GET' | 'POST';
  /** Where the user's attributes are read with the access token (OIDC userinfo, Facebook's Graph API...). */
  attributes?: string;
  attributesMethod: 'GET' | 'POST';
  /** Whether the mapped attributes' names are appended to `attributes` (Facebook's `fields=`). */
  addAttributes: boolean;
  /** The issuer whose ID token the token endpoint answers with, and the keys that sign it. */
  issuer?: string;
  jwks?: string;
}

/** The ProviderDetails keys --social-endpoints may replace. */
export const SOCIAL_ENDPOINT_KEYS = ['authorize_url', 'token_url', 'token_request_method', 'attributes_url', 'oidc_issuer', 'jwks_uri'];
const SOCIAL_PROVIDER_TYPES = ['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'];

/** --social-endpoints <file.json>: `{ "Google": { "oidc_issuer": "http://localhost:4000" }, ... }`, checked. */
export function readSocialEndpoints(file: string): Record<string, Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`--social-endpoints cannot read ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`--social-endpoints: ${file} must hold a JSON object`);
  for (const [type, endpoints] of Object.entries(parsed)) {
    if (!SOCIAL_PROVIDER_TYPES.includes(type)) throw new Error(`--social-endpoints: ${type} is not one of ${SOCIAL_PROVIDER_TYPES.join(', ')}`);
    if (typeof endpoints !== 'object' || endpoints === null) throw new Error(`--social-endpoints: ${type} must map keys to URLs`);
    for (const [key, value] of Object.entries(endpoints as Record<string, unknown>)) {
      if (!SOCIAL_ENDPOINT_KEYS.includes(key)) throw new Error(`--social-endpoints: ${type}.${key} is not one of ${SOCIAL_ENDPOINT_KEYS.join(', ')}`);
      if (typeof value !== 'string') throw new Error(`--social-endpoints: ${type}.${key} must be a string`);
      if (key === 'token_request_method' ? !['GET', 'POST'].includes(value) : !/^https?:\/\/[^/]+/.test(value)) {
        throw new Error(`--social-endpoints: ${type}.${key} must be ${key === 'token_request_method' ? 'GET or POST' : 'an http(s) URL'}, not ${value}`);
      }
    }
  }
  return parsed as Record<string, Record<string, string>>;
}

interface Discovery {
  authorization_endpoint?: string;
  token_endpoint?: string;
  userinfo_endpoint?: string;
  jwks_uri?: string;
  issuer?: string;
}

const discovered = keptFiveMinutes<Discovery>();

/** The issuer's discovery document. */
const discover = (app: App, issuer: string): Promise<Discovery> =>
  discovered(app, issuer, async () => {
    const document = await fetchJson<Discovery>(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, 'the discovery document');
    if (document.issuer !== issuer) throw new FederationFailure(`the discovery document of ${issuer} names another issuer (${String(document.issuer)})`);
    return document;
  });

/**
 * Where the user's attributes are read: the details' attributes_url or the issuer's userinfo
 * endpoint; for Google itself none, its ID token carrying the profile the scopes ask for.
 */
function attributesUrl(provider: IdentityProviderRecord, details: Record<string, string | undefined>, document: Discovery, standIn: boolean): string | undefined {
  if (provider.providerType === 'Google' && !standIn) return undefined;
  return details.attributes_url ?? (standIn || provider.providerType === 'OIDC' ? document.userinfo_endpoint : undefined);
}

/** The endpoints of a sign-in through `provider` (an OIDC or social provider). */
export async function providerEndpoints(app: App, provider: IdentityProviderRecord): Promise<ProviderEndpoints> {
  const standIn = app.config.socialEndpoints[provider.providerType];
  const details: Record<string, string | undefined> = standIn
    ? { ...standIn, attributes_url_add_attributes: standIn.attributes_url ? provider.details.attributes_url_add_attributes : 'false' }
    : provider.details;
  const issuer = details.oidc_issuer;
  const needsDiscovery = issuer !== undefined && (!details.authorize_url || !details.token_url || !details.jwks_uri || (!details.attributes_url && provider.providerType === 'OIDC'));
  const document = needsDiscovery ? await discover(app, issuer) : {};
  const authorize = details.authorize_url ?? document.authorization_endpoint;
  const token = details.token_url ?? document.token_endpoint;
  if (!authorize || !token) throw new FederationFailure(`the provider ${provider.providerName} names no authorization or token endpoint`);
  return {
    authorize,
    token,
    tokenMethod: details.token_request_method === 'GET' ? 'GET' : 'POST',
    attributes: attributesUrl(provider, details, document, standIn !== undefined),
    attributesMethod: details.attributes_request_method === 'POST' ? 'POST' : 'GET',
    addAttributes: details.attributes_url_add_attributes === 'true',
    issuer,
    jwks: details.jwks_uri ?? document.jwks_uri,
  };
}
