// The requests keypool sends a SAML identity provider: the AuthnRequest, as Cognito sends it (the
// response asked for at the domain's /saml2/idpresponse by HTTP-POST), and single logout's
// LogoutRequest. Both go over the HTTP-Redirect binding (SAML 2.0 Bindings §3.4: DEFLATE, base64,
// the RelayState beside it), issued by the pool's service provider entity
// urn:amazon:cognito:sp:<poolId>, and signed with the pool's SAML signing key (the certificate
// GetSigningCertificate gives) when the provider's RequestSigningAlgorithm is rsa-sha256.
import { createSign, type KeyObject } from 'node:crypto';
import { randomBytes } from '../random.js';
import { deflateRawSync } from 'node:zlib';

const escapeXml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The service provider entity of a pool's SAML sign-ins. */
export const serviceProviderEntity = (poolId: string): string => `urn:amazon:cognito:sp:${poolId}`;

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export interface SamlRequest {
  /** The request's ID, which the answer must be InResponseTo. */
  id: string;
  /** Where the browser goes. */
  url: string;
}

interface RequestOptions {
  poolId: string;
  /** The provider's endpoint for the request (HTTP-Redirect binding). */
  endpoint: string;
  relayState: string;
  now: number;
  signingKey?: KeyObject;
}

function redirectRequest(kind: 'AuthnRequest' | 'LogoutRequest', options: RequestOptions, attributes: string, content: string): SamlRequest {
  const id = `_${randomBytes(20).toString('hex')}`;
  const xml =
    `<samlp:${kind} xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${id}" Version="2.0" IssueInstant="${new Date(options.now).toISOString()}" Destination="${escapeXml(options.endpoint)}"${attributes}>` +
    `<saml:Issuer>${escapeXml(serviceProviderEntity(options.poolId))}</saml:Issuer>${content}</samlp:${kind}>`;
  return { id, url: redirectBindingUrl(options.endpoint, xml, options.relayState, options.signingKey) };
}

/** The AuthnRequest of a sign-in, its response to be posted to `acsUrl`. */
export const authnRequest = (options: RequestOptions & { acsUrl: string }): SamlRequest =>
  redirectRequest(
    'AuthnRequest',
    options,
    ` AssertionConsumerServiceURL="${escapeXml(options.acsUrl)}" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"`,
    '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" AllowCreate="true"/>',
  );

/** The LogoutRequest that ends the user's session at the provider (Profiles §4.4), for the NameID and SessionIndex of their sign-in. */
export const logoutRequest = (options: RequestOptions & { nameId: string; sessionIndex?: string }): SamlRequest =>
  redirectRequest(
    'LogoutRequest',
    options,
    '',
    `<saml:NameID>${escapeXml(options.nameId)}</saml:NameID>${options.sessionIndex ? `<samlp:SessionIndex>${escapeXml(options.sessionIndex)}</samlp:SessionIndex>` : ''}`,
  );

/** `endpoint` with the message DEFLATEd and base64-encoded as SAMLRequest, the RelayState, and the signature over both. */
function redirectBindingUrl(endpoint: string, xml: string, relayState: string, signingKey: KeyObject | undefined): string {
  // Bindings §3.4.4.1: the signature covers the parameters as they appear in the query, in this order.
  let query = `SAMLRequest=${encodeURIComponent(deflateRawSync(xml).toString('base64'))}&RelayState=${encodeURIComponent(relayState)}`;
  if (signingKey) {
    query += `&SigAlg=${encodeURIComponent(RSA_SHA256)}`;
    const signature = createSign('RSA-SHA256').update(query).sign(signingKey).toString('base64');
    query += `&Signature=${encodeURIComponent(signature)}`;
  }
  const url = new URL(endpoint);
  url.search = url.search ? `${url.search}&${query}` : query;
  return url.toString();
}
