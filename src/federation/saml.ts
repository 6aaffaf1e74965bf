// Signing in through a SAML provider: its metadata (the document given, or fetched from MetadataURL
// and kept for five minutes), the AuthnRequest the browser takes there, and the verified response's
// identity: the NameID as subject, each attribute as a claim (several values joined by commas).
import type { KeyObject } from 'node:crypto';
import type { App } from '../app.js';
import { authnRequest, serviceProviderEntity, type SamlRequest } from '../saml/requests.js';
import { parseSamlMetadata, SamlMetadataError, type SamlMetadata } from '../saml/metadata.js';
import { SamlResponseError, verifySamlResponse } from '../saml/response.js';
import type { IdentityProviderRecord } from '../store/records.js';
import { fetchText, FederationFailure, keptFiveMinutes } from './http.js';
import type { ProviderIdentity } from './oidc.js';

const fetched = keptFiveMinutes<SamlMetadata>();

/** The provider's metadata: its MetadataFile, or the document at its MetadataURL. */
export async function samlMetadata(app: App, provider: IdentityProviderRecord): Promise<SamlMetadata> {
  const { MetadataFile: file, MetadataURL: url } = provider.details;
  try {
    if (file !== undefined) return parseSamlMetadata(file);
    return await fetched(app, url!, async () => {
      const { status, text } = await fetchText(url!, "the provider's SAML metadata");
      if (status !== 200) throw new FederationFailure(`the provider's SAML metadata could not be fetched (HTTP ${status})`);
      return parseSamlMetadata(text);
    });
  } catch (error) {
    if (error instanceof SamlMetadataError) throw new FederationFailure(`the provider's SAML metadata is not usable: ${error.message}`);
    throw error;
  }
}

/** The provider's single sign-on URL with the AuthnRequest of a new sign-in. */
export async function samlSignInUrl(app: App, provider: IdentityProviderRecord, acsUrl: string, relayState: string): Promise<SamlRequest> {
  const metadata = await samlMetadata(app, provider);
  if (!metadata.ssoRedirect) throw new FederationFailure("the provider's SAML metadata has no single sign-on service with the HTTP-Redirect binding");
  return authnRequest({ poolId: provider.poolId, endpoint: metadata.ssoRedirect, acsUrl, relayState, now: app.clock.now(), signingKey: await requestSigningKey(app, provider) });
}

/** The key keypool signs its requests to the provider with: the pool's SAML key, where the provider's RequestSigningAlgorithm asks for signatures. */
export const requestSigningKey = async (app: App, provider: IdentityProviderRecord): Promise<KeyObject | undefined> =>
  provider.details.RequestSigningAlgorithm === 'rsa-sha256' ? app.keys.samlSigningKey(provider.poolId) : undefined;

/** A SAML provider's user, with the assertion that says so (by which a replay is known). */
export interface SamlProviderIdentity extends ProviderIdentity {
  assertion: { id: string; notOnOrAfter: number };
  /** The provider's session, which a LogoutRequest names. */
  sessionIndex?: string;
}

/** The identity a SAML response asserts, verified against the provider's metadata and the request it answers. */
export async function samlIdentity(app: App, provider: IdentityProviderRecord, encoded: string, acsUrl: string, inResponseTo: string | undefined): Promise<SamlProviderIdentity> {
  const metadata = await samlMetadata(app, provider);
  if (metadata.signingCertificates.length === 0) throw new FederationFailure("the provider's SAML metadata has no signing certificate");
  try {
    const identity = verifySamlResponse(encoded, {
      idpEntityId: metadata.entityId,
      certificates: metadata.signingCertificates,
      acsUrl,
      audience: serviceProviderEntity(provider.poolId),
      inResponseTo,
      now: app.clock.now(),
      decryptionKey: provider.details.EncryptedResponses === 'true' ? await app.keys.samlSigningKey(provider.poolId) : undefined,
    });
    const claims = Object.fromEntries(Object.entries(identity.attributes).map(([name, values]) => [name, values.join(',')]));
    return {
      subject: identity.nameId,
      claims,
      assertion: { id: identity.assertionId, notOnOrAfter: identity.notOnOrAfter },
      ...(identity.sessionIndex ? { sessionIndex: identity.sessionIndex } : {}),
    };
  } catch (error) {
    if (error instanceof SamlResponseError) throw new FederationFailure(`the SAML response is not accepted: ${error.message}`);
    throw error;
  }
}
