// Third-party identity providers of a pool (CreateIdentityProvider ...): what each type of provider
// needs in its ProviderDetails, what Cognito fills in when it describes one, and the rules of
// AttributeMapping and IdpIdentifiers. Sources: API reference, ProviderDetails of
// CreateIdentityProvider; developer guide, "Mapping IdP attributes to profiles and tokens".
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { IdentityProviderType, ProviderDescription } from '../protocol/shapes.generated.js';
import { parseSamlMetadata, SamlMetadataError } from '../saml/metadata.js';
import type { IdentityProviderRecord, PoolRecord } from '../store/records.js';

/** Cognito's quota of identity providers per user pool ("Quotas in Amazon Cognito"). */
export const MAX_IDENTITY_PROVIDERS_PER_POOL = 300;

/** The most federated identities linked to one user (AdminLinkProviderForUser). */
export const MAX_LINKS_PER_USER = 5;

export type ProviderType = IdentityProviderRecord['providerType'];

/** Social providers: each is named by its type, once per pool. */
export const SOCIAL_TYPES: readonly ProviderType[] = ['Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple'];

/** What a sign-in through each type names its user by, the only claim `username` may be mapped to (none for SAML: its NameID). */
export const USERNAME_SOURCE: Record<ProviderType, string | undefined> = {
  Facebook: 'id',
  Google: 'sub',
  LoginWithAmazon: 'user_id',
  SignInWithApple: 'sub',
  OIDC: 'sub',
  SAML: undefined,
};

/** The user pool attribute an AdminLinkProviderForUser source user may always be named by. */
export const COGNITO_SUBJECT = 'Cognito_Subject';

const SOCIAL_REQUIRED = ['client_id', 'client_secret', 'authorize_scopes'];
const REQUIRED: Record<ProviderType, string[]> = {
  Google: SOCIAL_REQUIRED,
  Facebook: SOCIAL_REQUIRED,
  LoginWithAmazon: SOCIAL_REQUIRED,
  SignInWithApple: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
  OIDC: ['client_id', 'attributes_request_method', 'oidc_issuer', 'authorize_scopes'],
  SAML: [],
};

const DERIVED_KEYS = ['attributes_url', 'attributes_url_add_attributes', 'authorize_url', 'oidc_issuer', 'token_request_method', 'token_url'];
const OPTIONAL: Record<ProviderType, string[]> = {
  Google: DERIVED_KEYS,
  Facebook: ['api_version', ...DERIVED_KEYS],
  LoginWithAmazon: DERIVED_KEYS,
  SignInWithApple: DERIVED_KEYS,
  OIDC: ['client_secret', 'attributes_url', 'authorize_url', 'token_url', 'jwks_uri', 'attributes_url_add_attributes'],
  SAML: [
    'MetadataURL',
    'MetadataFile',
    'IDPSignout',
    'EncryptedResponses',
    'RequestSigningAlgorithm',
    'IDPInit',
    'SSORedirectBindingURI',
    'SLORedirectBindingURI',
    'ActiveEncryptionCertificate',
  ],
};

/** Details Cognito keeps but never shows (a Sign in with Apple private key). */
const HIDDEN = new Set(['private_key']);

/** The endpoints Cognito fills in for the social providers it knows. */
function derivedDetails(type: ProviderType, details: Record<string, string>): Record<string, string> {
  switch (type) {
    case 'Google':
      return {
        attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
        attributes_url_add_attributes: 'true',
        authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
        oidc_issuer: 'https://accounts.google.com',
        token_request_method: 'POST',
        token_url: 'https://www.googleapis.com/oauth2/v4/token',
      };
    case 'Facebook': {
      const version = details.api_version ? `/${details.api_version}` : '';
      return {
        attributes_url: `https://graph.facebook.com${version}/me?fields=`,
        attributes_url_add_attributes: 'true',
        authorize_url: `https://www.facebook.com${version}/dialog/oauth`,
        token_request_method: 'GET',
        token_url: `https://graph.facebook.com${version}/oauth/access_token`,
      };
    }
    case 'LoginWithAmazon':
      return {
        attributes_url: 'https://api.amazon.com/user/profile',
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://www.amazon.com/ap/oa',
        token_request_method: 'POST',
        token_url: 'https://api.amazon.com/auth/o2/token',
      };
    case 'SignInWithApple':
      return {
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://appleid.apple.com/auth/authorize',
        oidc_issuer: 'https://appleid.apple.com',
        token_request_method: 'POST',
        token_url: 'https://appleid.apple.com/auth/token',
      };
    case 'OIDC':
      return { attributes_url_add_attributes: details.attributes_url_add_attributes ?? 'false' };
    case 'SAML':
      return {};
  }
}

/** An absolute https URL (or http on the loopback, for providers run in development). */
function checkUrl(key: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw errors.providerDetailInvalid(key, 'it is not a URL');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw errors.providerDetailInvalid(key, 'it must be an https URL');
}

function checkBoolean(details: Record<string, string>, key: string): void {
  const value = details[key];
  if (value !== undefined && value !== 'true' && value !== 'false') throw errors.providerDetailInvalid(key, 'it must be true or false');
}

/** The SAML details: one metadata source, boolean switches, the one signing algorithm; the endpoints a metadata file names. */
function samlDetails(details: Record<string, string>): Record<string, string> {
  const { MetadataURL, MetadataFile } = details;
  if ((MetadataURL === undefined) === (MetadataFile === undefined)) throw errors.samlMetadataRequired();
  for (const key of ['IDPSignout', 'EncryptedResponses', 'IDPInit']) checkBoolean(details, key);
  if (details.RequestSigningAlgorithm !== undefined && details.RequestSigningAlgorithm !== 'rsa-sha256') {
    throw errors.providerDetailInvalid('RequestSigningAlgorithm', 'it must be rsa-sha256');
  }
  // The endpoints and the encryption certificate are Cognito's to fill in, never the caller's.
  const { SSORedirectBindingURI: _sso, SLORedirectBindingURI: _slo, ActiveEncryptionCertificate: _certificate, ...given } = details;
  if (MetadataURL !== undefined) {
    // keypool does not fetch the document (see docs/decisions.md, "Identity providers").
    checkUrl('MetadataURL', MetadataURL);
    return given;
  }
  let metadata;
  try {
    metadata = parseSamlMetadata(MetadataFile!);
  } catch (error) {
    if (error instanceof SamlMetadataError) throw errors.samlMetadataInvalid(error.message);
    throw error;
  }
  return {
    ...given,
    ...(metadata.ssoRedirect ? { SSORedirectBindingURI: metadata.ssoRedirect } : {}),
    ...(metadata.sloRedirect ? { SLORedirectBindingURI: metadata.sloRedirect } : {}),
  };
}

/** ProviderDetails checked for the type, as the provider keeps them: what was given, with what Cognito derives. */
export function providerDetails(type: ProviderType, details: Record<string, string>): Record<string, string> {
  const required = REQUIRED[type];
  if (required.some((key) => !details[key])) {
    throw errors.providerDetailsRequired(`${required.slice(0, -1).join(', ')} and ${required.at(-1)}`);
  }
  const known = new Set([...required, ...OPTIONAL[type]]);
  const unknown = Object.keys(details).find((key) => !known.has(key));
  if (unknown !== undefined) throw errors.providerDetailUnknown(unknown, type);
  if (type === 'SAML') return samlDetails(details);
  if (type === 'OIDC') {
    if (!['GET', 'POST'].includes(details.attributes_request_method!)) throw errors.providerDetailInvalid('attributes_request_method', 'it must be GET or POST');
    for (const key of ['oidc_issuer', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri']) {
      if (details[key] !== undefined) checkUrl(key, details[key]);
    }
    checkBoolean(details, 'attributes_url_add_attributes');
  }
  if (type === 'Facebook' && details.api_version !== undefined && !/^v[0-9]+\.[0-9]+$/.test(details.api_version)) {
    throw errors.providerDetailInvalid('api_version', 'it must look like v17.0');
  }
  return sortedKeys({ ...details, ...derivedDetails(type, details) });
}

const sortedKeys = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** A new provider's name: a social provider is named by its type, and no other provider takes a social type's name or Cognito's. */
export function checkProviderName(name: string, type: ProviderType): void {
  if (name.toLowerCase() === 'cognito') throw errors.providerNameReserved(name);
  const social = SOCIAL_TYPES.includes(type);
  if (social ? name !== type : SOCIAL_TYPES.includes(name as ProviderType)) throw errors.providerTypeMismatch(name, type);
}

/**
 * The mapping as the provider keeps it: keys are attributes of the pool (never `sub`, which the pool
 * assigns), `username` only to the claim the provider names its users by, and that mapping filled in
 * where it was left out.
 */
export function attributeMapping(pool: PoolRecord, type: ProviderType, mapping: Record<string, string> | undefined): Record<string, string> {
  const attributes = new Set((pool.settings.SchemaAttributes ?? []).map((a) => a.Name));
  const source = USERNAME_SOURCE[type];
  for (const [name, value] of Object.entries(mapping ?? {})) {
    if (name === 'sub') throw errors.attributeMappingSub();
    if (name === 'username') {
      if (value !== source) throw errors.usernameMapping(type, source);
      continue;
    }
    if (!attributes.has(name)) throw errors.attributeMappingUnknown(name);
  }
  return sortedKeys({ ...mapping, ...(source ? { username: source } : {}) });
}

/** IdpIdentifiers, each once. */
export function idpIdentifiers(identifiers: string[] | undefined): string[] {
  const list = identifiers ?? [];
  const seen = new Set<string>();
  for (const identifier of list) {
    if (seen.has(identifier)) throw errors.idpIdentifierRepeated(identifier);
    seen.add(identifier);
  }
  return list;
}

/**
 * A provider as the API shows it. A SAML provider that encrypts its responses shows the certificate
 * it encrypts them for (ActiveEncryptionCertificate): the pool's SAML certificate, whose key opens them.
 */
export async function describeIdentityProvider(app: App, provider: IdentityProviderRecord): Promise<IdentityProviderType> {
  const details = Object.fromEntries(Object.entries(provider.details).filter(([key]) => !HIDDEN.has(key)));
  if (provider.details.EncryptedResponses === 'true') {
    const certificate = await app.keys.samlCertificate(provider.poolId);
    if (certificate) details.ActiveEncryptionCertificate = certificate;
  }
  return {
    UserPoolId: provider.poolId,
    ProviderName: provider.providerName,
    ProviderType: provider.providerType,
    ProviderDetails: sortedKeys(details),
    AttributeMapping: provider.attributeMapping,
    IdpIdentifiers: provider.idpIdentifiers,
    LastModifiedDate: new Date(provider.updatedAt),
    CreationDate: new Date(provider.createdAt),
  };
}

export const summarizeIdentityProvider = (provider: IdentityProviderRecord): ProviderDescription => ({
  ProviderName: provider.providerName,
  ProviderType: provider.providerType,
  LastModifiedDate: new Date(provider.updatedAt),
  CreationDate: new Date(provider.createdAt),
});

/** Which of the provider's identifiers another provider of the pool holds (after StoreConflict('identifier')), to name it. */
export async function takenIdentifier(app: App, provider: IdentityProviderRecord): Promise<string> {
  for (const identifier of provider.idpIdentifiers) {
    const holder = await app.store.identityProviders.getByIdentifier(provider.poolId, identifier);
    if (holder && holder.providerName !== provider.providerName) return identifier;
  }
  return provider.idpIdentifiers[0] ?? '';
}

export async function requireIdentityProvider(app: App, pool: PoolRecord, name: string): Promise<IdentityProviderRecord> {
  const provider = await app.store.identityProviders.get(pool.id, name);
  if (!provider) throw errors.identityProviderNotFound(name, pool.id);
  return provider;
}

/**
 * A provider a request names as a parameter (a client's SupportedIdentityProviders, a provider user):
 * InvalidParameterException "The provider <name> does not exist for User Pool <id>." where the pool
 * has none of that name, rather than the ResourceNotFoundException of the provider operations.
 */
export async function requireNamedProvider(app: App, pool: PoolRecord, name: string): Promise<IdentityProviderRecord> {
  const provider = await app.store.identityProviders.get(pool.id, name);
  if (!provider) throw errors.providerNotFound(name, pool.id);
  return provider;
}

/** An app client's SupportedIdentityProviders: COGNITO or providers of the pool. */
export async function checkSupportedProviders(app: App, pool: PoolRecord, names: string[] | undefined): Promise<void> {
  for (const name of names ?? []) {
    if (name !== 'COGNITO') await requireNamedProvider(app, pool, name);
  }
}

/** A ProviderUserIdentifierType with the members an operation needs. */
export interface ProviderUser {
  ProviderName: string;
  ProviderAttributeName?: string;
  ProviderAttributeValue: string;
}

/** The members of a ProviderUserIdentifierType (all optional in the model) that `which` needs. */
export function providerUser(
  which: string,
  user: { ProviderName?: string; ProviderAttributeName?: string; ProviderAttributeValue?: string },
  needsName: boolean,
): ProviderUser {
  if (!user.ProviderName) throw errors.providerUserMemberMissing(which, 'ProviderName');
  if (needsName && !user.ProviderAttributeName) throw errors.providerUserMemberMissing(which, 'ProviderAttributeName');
  if (!user.ProviderAttributeValue) throw errors.providerUserMemberMissing(which, 'ProviderAttributeValue');
  return { ProviderName: user.ProviderName, ProviderAttributeName: user.ProviderAttributeName, ProviderAttributeValue: user.ProviderAttributeValue };
}

/** The username of the user a federated sign-in makes: `<ProviderName>_<subject>` (developer guide, attribute mapping). */
export const federatedUsername = (providerName: string, subject: string): string => `${providerName}_${subject}`;
