import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { SignedXml } from 'xml-crypto';
import { selfSignedCertificate } from './certificate.js';
import { SamlResponseError, verifySamlResponse, type SamlExpectations } from './response.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const ACS = 'https://app.auth.example/saml2/idpresponse';
const AUDIENCE = 'urn:amazon:cognito:sp:us-east-1_test';
const IDP = 'https://idp.example/metadata';

function identityProviderKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = selfSignedCertificate({ subject: { commonName: 'idp' }, publicKey, privateKey, notBefore: new Date(NOW - 86_400_000), notAfter: new Date(NOW + 86_400_000) });
  return { privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), certificate: der.toString('base64') };
}
const idpKey = identityProviderKey();
const otherKey = identityProviderKey();

const time = (offset: number) => new Date(NOW + offset).toISOString();

interface AssertionOptions {
  id?: string;
  issuer?: string;
  nameId?: string;
  recipient?: string;
  inResponseTo?: string;
  notBefore?: number;
  notOnOrAfter?: number;
  audience?: string;
}

const assertionXml = (o: AssertionOptions = {}) =>
  `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id ?? '_assertion1'}" Version="2.0" IssueInstant="${time(0)}">` +
  `<saml:Issuer>${o.issuer ?? IDP}</saml:Issuer><saml:Subject><saml:NameID>${o.nameId ?? 'erin@corp.example'}</saml:NameID>` +
  `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${time(o.notOnOrAfter ?? 300_000)}" Recipient="${o.recipient ?? ACS}"${o.inResponseTo === '' ? '' : ` InResponseTo="${o.inResponseTo ?? '_request1'}"`}/></saml:SubjectConfirmation></saml:Subject>` +
  `<saml:Conditions NotBefore="${time(o.notBefore ?? -5_000)}" NotOnOrAfter="${time(o.notOnOrAfter ?? 300_000)}"><saml:AudienceRestriction><saml:Audience>${o.audience ?? AUDIENCE}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
  `<saml:AttributeStatement><saml:Attribute Name="email"><saml:AttributeValue>erin@corp.example</saml:AttributeValue></saml:Attribute>` +
  `<saml:Attribute Name="groups"><saml:AttributeValue>a</saml:AttributeValue><saml:AttributeValue>b</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;

const responseXml = (inner: string, status = 'urn:oasis:names:tc:SAML:2.0:status:Success') =>
  `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_response1" Version="2.0" IssueInstant="${time(0)}" Destination="${ACS}">` +
  `<saml:Issuer>${IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status>${inner}</samlp:Response>`;

/** `xml` with the element that `local` names (the first) signed, its signature placed after its Issuer. */
function sign(xml: string, local: 'Assertion' | 'Response', key = idpKey): string {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: `(//*[local-name(.)='${local}'])[1]`,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  signer.computeSignature(xml, { location: { reference: `(//*[local-name(.)='${local}'])[1]/*[local-name(.)='Issuer']`, action: 'after' } });
  return signer.getSignedXml();
}

const expectations: SamlExpectations = { idpEntityId: IDP, certificates: [idpKey.certificate], acsUrl: ACS, audience: AUDIENCE, inResponseTo: '_request1', now: NOW };
const encode = (xml: string) => Buffer.from(xml).toString('base64');

function refusal(xml: string, expect: Partial<SamlExpectations> = {}): string {
  try {
    verifySamlResponse(encode(xml), { ...expectations, ...expect });
  } catch (error) {
    assert.ok(error instanceof SamlResponseError, String(error));
    return error.message;
  }
  throw new Error('the response was accepted');
}

describe('SAML responses', () => {
  it('reads the NameID and attributes of an assertion signed by the provider, or of a signed response', () => {
    const signedAssertion = responseXml(sign(assertionXml(), 'Assertion'));
    assert.deepEqual(verifySamlResponse(encode(signedAssertion), expectations), {
      nameId: 'erin@corp.example',
      attributes: { email: ['erin@corp.example'], groups: ['a', 'b'] },
      assertionId: '_assertion1',
      notOnOrAfter: NOW + 300_000,
    });
    const signedResponse = sign(responseXml(assertionXml()), 'Response');
    assert.equal(verifySamlResponse(encode(signedResponse), expectations).nameId, 'erin@corp.example');
    // A sign-in the provider started answers no request.
    const unsolicited = responseXml(sign(assertionXml({ inResponseTo: '' }), 'Assertion'));
    assert.equal(verifySamlResponse(encode(unsolicited), { ...expectations, inResponseTo: undefined }).nameId, 'erin@corp.example');
  });

  it('refuses what is unsigned, signed by another key, or changed after signing', () => {
    assert.match(refusal(responseXml(assertionXml())), /neither the assertion nor the response is signed/);
    assert.match(refusal(responseXml(sign(assertionXml(), 'Assertion', otherKey))), /neither the assertion nor the response is signed/);
    const tampered = responseXml(sign(assertionXml(), 'Assertion')).replace('<saml:NameID>erin@corp.example', '<saml:NameID>admin@corp.example');
    assert.match(refusal(tampered), /neither the assertion nor the response is signed/);
  });

  it('reads only what the signature covers: a signed assertion moved aside for an unsigned one counts for nothing', () => {
    const signed = sign(assertionXml(), 'Assertion');
    // The signed assertion hidden in an extension, an unsigned one of another user where the assertion goes.
    const wrapped = responseXml(`<samlp:Extensions>${signed}</samlp:Extensions>${assertionXml({ id: '_evil', nameId: 'admin@corp.example' })}`);
    assert.match(refusal(wrapped), /neither the assertion nor the response is signed/);
    // Two assertions: which one counts would be a guess.
    assert.match(refusal(responseXml(signed + assertionXml({ id: '_evil', nameId: 'admin@corp.example' }))), /exactly one assertion/);
    // The same ID twice: the reference could resolve to either element.
    const duplicated = responseXml(`<samlp:Extensions>${assertionXml({ nameId: 'admin@corp.example' })}</samlp:Extensions>${signed}`);
    assert.match(refusal(duplicated), /neither the assertion nor the response is signed/);
  });

  it('refuses assertions of another issuer, audience, recipient or request, out of their time, or not a success', () => {
    const signed = (o: AssertionOptions) => responseXml(sign(assertionXml(o), 'Assertion'));
    assert.match(refusal(signed({ issuer: 'https://evil.example' })), /another issuer/);
    assert.match(refusal(signed({ audience: 'urn:amazon:cognito:sp:us-east-1_other' })), /not for the audience/);
    assert.match(refusal(signed({ recipient: 'https://evil.example/acs' })), /another recipient/);
    assert.match(refusal(signed({ inResponseTo: '_other' })), /answers another request/);
    assert.match(refusal(signed({ inResponseTo: '_request1' }), { inResponseTo: undefined }), /request of another sign-in/);
    assert.match(refusal(signed({ notOnOrAfter: -120_000 })), /expired/);
    assert.match(refusal(signed({ notBefore: 120_000 })), /not valid yet/);
    assert.match(refusal(responseXml('', 'urn:oasis:names:tc:SAML:2.0:status:Requester')), /answered urn:oasis:names:tc:SAML:2.0:status:Requester/);
    assert.match(refusal(`<!DOCTYPE r [<!ENTITY x "y">]>${responseXml('')}`), /document type declaration/);
    assert.match(refusal('<not-xml'), /not well-formed|not a SAML Response/);
  });
});
