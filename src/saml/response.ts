// A SAML identity provider's answer at /saml2/idpresponse (SAML 2.0 Core §2-3, Profiles §4.1.4):
// a Response whose assertion is signed by a certificate of the provider's metadata (the assertion
// itself, or the whole Response), read only from what the signature covers, so that elements slipped
// in beside the signed ones count for nothing. The assertion must be the provider's, for this
// service provider (Audience), sent here (Recipient), in answer to this sign-in's request
// (InResponseTo; none for a sign-in the provider started) and within its validity.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import type { KeyObject } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { decryptAssertion, SamlDecryptionError } from './decrypt.js';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const CLOCK_SKEW_MS = 60_000;

export class SamlResponseError extends Error {}

export interface SamlExpectations {
  idpEntityId: string;
  /** The provider's signing certificates, base64 DER. */
  certificates: string[];
  acsUrl: string;
  audience: string;
  /** The AuthnRequest's ID; undefined for a sign-in the provider started. */
  inResponseTo?: string;
  now: number;
  /** The key encrypted assertions are opened with: given, only encrypted assertions are taken. */
  decryptionKey?: KeyObject;
}

export interface SamlIdentity {
  nameId: string;
  /** Each attribute's values by its Name. */
  attributes: Record<string, string[]>;
  /** The assertion's ID, by which a replay is known. */
  assertionId: string;
  /** The provider's session (AuthnStatement SessionIndex), which a LogoutRequest names. */
  sessionIndex?: string;
  notOnOrAfter: number;
}

function parse(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new SamlResponseError('the response has a document type declaration');
  try {
    return new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') throw new SamlResponseError(`the response is not well-formed XML: ${message}`);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (error) {
    if (error instanceof SamlResponseError) throw error;
    throw new SamlResponseError(`the response is not well-formed XML: ${(error as Error).message}`);
  }
}

const children = (element: Element, ns: string, local: string): Element[] =>
  Array.from(element.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local);

const child = (element: Element, ns: string, local: string): Element | undefined => children(element, ns, local)[0];

const text = (element: Element | undefined): string => (element?.textContent ?? '').trim();

const pem = (certificate: string): string => `-----BEGIN CERTIFICATE-----\n${certificate.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;

/**
 * The element `signed` (a Response or an Assertion) as its signature covers it, when the signature
 * that is its own child verifies under one of the certificates and references that very element.
 */
function signedContent(xml: string, signed: Element, certificates: string[]): Element | undefined {
  const signature = child(signed, DSIG, 'Signature');
  const id = signed.getAttribute('ID');
  if (!signature || !id) return undefined;
  for (const certificate of certificates) {
    const verifier = new SignedXml({ publicCert: pem(certificate), getCertFromKeyInfo: () => null });
    verifier.loadSignature(signature as never);
    let valid: boolean;
    try {
      valid = verifier.checkSignature(xml);
    } catch {
      valid = false;
    }
    if (!valid) continue;
    const references = verifier.getSignedReferences();
    const uris = verifier.getReferences().map((reference) => reference.uri);
    if (references.length !== 1 || uris[0] !== `#${id}`) throw new SamlResponseError('the signature does not cover exactly the element it is in');
    return parse(references[0]!).documentElement ?? undefined;
  }
  return undefined;
}

const instant = (value: string | null, what: string): number | undefined => {
  if (value === null) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new SamlResponseError(`${what} is not a time`);
  return time;
};

/** The one assertion of `within` (a Response): opened where it is encrypted, as `expect` requires. */
function theAssertion(within: Element, expect: SamlExpectations): { xml: string; element: Element } | { signedAlready: Element } {
  const plain = children(within, ASSERTION, 'Assertion');
  const encrypted = children(within, ASSERTION, 'EncryptedAssertion');
  if (plain.length + encrypted.length !== 1) throw new SamlResponseError('the response must carry exactly one assertion');
  if (expect.decryptionKey && plain.length) throw new SamlResponseError('the assertion is not encrypted, and the provider is set to encrypt its responses (EncryptedResponses)');
  if (!expect.decryptionKey && encrypted.length) throw new SamlResponseError('the assertion is encrypted, and the provider is not set to (EncryptedResponses)');
  if (plain.length) return { signedAlready: plain[0]! };
  try {
    const xml = decryptAssertion(encrypted[0]!, expect.decryptionKey!);
    return { xml, element: parse(xml).documentElement! };
  } catch (error) {
    if (error instanceof SamlDecryptionError) throw new SamlResponseError(error.message);
    throw error;
  }
}

/** The assertion as its own signature covers it, if it has one that verifies. */
function signedAssertion(xml: string, response: Element, expect: SamlExpectations): Element | undefined {
  const found = theAssertion(response, expect);
  return 'signedAlready' in found ? signedContent(xml, found.signedAlready, expect.certificates) : signedContent(found.xml, found.element, expect.certificates);
}

/** The assertion inside a response whose own signature covers it all. */
function assertionOfSignedResponse(xml: string, response: Element, expect: SamlExpectations): Element {
  const signedResponse = signedContent(xml, response, expect.certificates);
  if (!signedResponse) throw new SamlResponseError("neither the assertion nor the response is signed by a certificate of the provider's metadata");
  const found = theAssertion(signedResponse, expect);
  return 'signedAlready' in found ? found.signedAlready : found.element;
}

/** The identity a base64 SAMLResponse asserts, or SamlResponseError saying why it asserts none that keypool accepts. */
export function verifySamlResponse(encoded: string, expect: SamlExpectations): SamlIdentity {
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  const response = parse(xml).documentElement;
  if (!response || response.namespaceURI !== PROTOCOL || response.localName !== 'Response') throw new SamlResponseError('the document is not a SAML Response');
  const status = child(child(response, PROTOCOL, 'Status') ?? response, PROTOCOL, 'StatusCode')?.getAttribute('Value');
  if (status !== SUCCESS) throw new SamlResponseError(`the identity provider answered ${status ?? 'without a status'}`);
  const destination = response.getAttribute('Destination');
  if (destination && destination !== expect.acsUrl) throw new SamlResponseError('the response is for another destination');

  const assertion = signedAssertion(xml, response, expect) ?? assertionOfSignedResponse(xml, response, expect);

  const assertionId = assertion.getAttribute('ID');
  if (!assertionId) throw new SamlResponseError('the assertion has no ID');
  if (text(child(assertion, ASSERTION, 'Issuer')) !== expect.idpEntityId) throw new SamlResponseError('the assertion is from another issuer');
  const subject = child(assertion, ASSERTION, 'Subject');
  const nameId = text(subject && child(subject, ASSERTION, 'NameID'));
  if (!nameId) throw new SamlResponseError('the assertion names no subject (NameID)');
  const confirmation = subject && children(subject, ASSERTION, 'SubjectConfirmation').find((c) => c.getAttribute('Method') === BEARER);
  const data = confirmation && child(confirmation, ASSERTION, 'SubjectConfirmationData');
  if (!data) throw new SamlResponseError('the assertion has no bearer SubjectConfirmationData');
  if (data.getAttribute('Recipient') !== expect.acsUrl) throw new SamlResponseError('the assertion is for another recipient');
  const confirmedUntil = instant(data.getAttribute('NotOnOrAfter'), 'NotOnOrAfter');
  if (confirmedUntil === undefined || expect.now >= confirmedUntil + CLOCK_SKEW_MS) throw new SamlResponseError('the assertion has expired');
  const inResponseTo = data.getAttribute('InResponseTo') || undefined;
  if (inResponseTo !== expect.inResponseTo) {
    throw new SamlResponseError(expect.inResponseTo ? 'the assertion answers another request' : 'the assertion answers a request of another sign-in');
  }

  const conditions = child(assertion, ASSERTION, 'Conditions');
  const notBefore = instant(conditions?.getAttribute('NotBefore') ?? null, 'NotBefore');
  const notOnOrAfter = instant(conditions?.getAttribute('NotOnOrAfter') ?? null, 'NotOnOrAfter');
  if (notBefore !== undefined && expect.now + CLOCK_SKEW_MS < notBefore) throw new SamlResponseError('the assertion is not valid yet');
  if (notOnOrAfter !== undefined && expect.now >= notOnOrAfter + CLOCK_SKEW_MS) throw new SamlResponseError('the assertion has expired');
  const audiences = conditions ? children(conditions, ASSERTION, 'AudienceRestriction') : [];
  if (!audiences.every((restriction) => children(restriction, ASSERTION, 'Audience').some((a) => text(a) === expect.audience)) || audiences.length === 0) {
    throw new SamlResponseError(`the assertion is not for the audience ${expect.audience}`);
  }

  const attributes: Record<string, string[]> = {};
  for (const statement of children(assertion, ASSERTION, 'AttributeStatement')) {
    for (const attribute of children(statement, ASSERTION, 'Attribute')) {
      const name = attribute.getAttribute('Name');
      if (name) attributes[name] = [...(attributes[name] ?? []), ...children(attribute, ASSERTION, 'AttributeValue').map(text)];
    }
  }
  const sessionIndex = child(assertion, ASSERTION, 'AuthnStatement')?.getAttribute('SessionIndex') || undefined;
  return { nameId, attributes, assertionId, ...(sessionIndex ? { sessionIndex } : {}), notOnOrAfter: Math.min(confirmedUntil, notOnOrAfter ?? Infinity) };
}

/**
 * A provider's LogoutResponse over HTTP-Redirect (DEFLATEd, base64): the request it answers and
 * whether it succeeded. Its only effect is where keypool sends the browser, which keypool chose when
 * it sent the request, so its signature is not needed.
 */
export function readLogoutResponse(encoded: string): { inResponseTo?: string; success: boolean } {
  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(encoded, 'base64'), { maxOutputLength: 1 << 20 }).toString('utf8');
  } catch {
    throw new SamlResponseError('the LogoutResponse is not DEFLATEd');
  }
  const response = parse(xml).documentElement;
  if (!response || response.namespaceURI !== PROTOCOL || response.localName !== 'LogoutResponse') throw new SamlResponseError('the document is not a SAML LogoutResponse');
  const status = child(child(response, PROTOCOL, 'Status') ?? response, PROTOCOL, 'StatusCode')?.getAttribute('Value');
  return { inResponseTo: response.getAttribute('InResponseTo') || undefined, success: status === SUCCESS };
}
