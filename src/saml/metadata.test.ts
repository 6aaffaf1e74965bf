import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSamlMetadata, SamlMetadataError } from './metadata.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

const idp = (inner: string, attributes = `xmlns="${MD}" entityID="https://idp.example.com"`) =>
  `<EntityDescriptor ${attributes}><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</IDPSSODescriptor></EntityDescriptor>`;
const sso = (binding: string, location: string) => `<SingleSignOnService Binding="${binding}" Location="${location}"/>`;

const refusal = (xml: string): string => {
  try {
    parseSamlMetadata(xml);
  } catch (error) {
    assert.ok(error instanceof SamlMetadataError, String(error));
    return error.message;
  }
  throw new Error('the document was accepted');
};

describe('SAML metadata', () => {
  it('reads the entity ID and the HTTP-Redirect endpoints, with a default or prefixed namespace', () => {
    assert.deepEqual(parseSamlMetadata(idp(sso(POST, 'https://idp.example.com/post') + sso(REDIRECT, 'https://idp.example.com/r?x=1&amp;y=&#50;'))), {
      entityId: 'https://idp.example.com',
      ssoRedirect: 'https://idp.example.com/r?x=1&y=2',
      signingCertificates: [],
    });
    const prefixed = `<?xml version="1.0"?><!-- c --><m:EntityDescriptor xmlns:m='${MD}' entityID='e'><m:IDPSSODescriptor>${sso(REDIRECT, 'a').replace(/<Single/g, '<m:Single')}<m:SingleLogoutService Binding="${REDIRECT}" Location="l"/></m:IDPSSODescriptor></m:EntityDescriptor>`;
    assert.deepEqual(parseSamlMetadata(prefixed), { entityId: 'e', ssoRedirect: 'a', sloRedirect: 'l', signingCertificates: [] });
    // Only a POST endpoint: an identity provider still, without a redirect endpoint.
    assert.deepEqual(parseSamlMetadata(idp(sso(POST, 'p'))), { entityId: 'https://idp.example.com', signingCertificates: [] });
  });

  it('reads the certificates of the signing keys, not those only for encryption', () => {
    const key = (use: string, certificate: string) =>
      `<KeyDescriptor${use}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>`;
    const xml = idp(key(' use="signing"', 'MIIB\n  AAAA') + key(' use="encryption"', 'ENC') + key('', '<![CDATA[MIIC]]>') + sso(REDIRECT, 's'));
    assert.deepEqual(parseSamlMetadata(xml).signingCertificates, ['MIIBAAAA', 'MIIC']);
  });

  it('finds the identity provider among the entities of an EntitiesDescriptor', () => {
    const sp = `<EntityDescriptor entityID="sp"><SPSSODescriptor/></EntityDescriptor>`;
    const both = `<EntitiesDescriptor xmlns="${MD}">${sp}<EntityDescriptor entityID="idp"><IDPSSODescriptor>${sso(REDIRECT, 's')}</IDPSSODescriptor></EntityDescriptor></EntitiesDescriptor>`;
    assert.deepEqual(parseSamlMetadata(both), { entityId: 'idp', ssoRedirect: 's', signingCertificates: [] });
  });

  it('refuses documents that are not well-formed XML, or that describe no identity provider', () => {
    assert.match(refusal('plain text'), /text outside the root element/);
    assert.match(refusal(idp(sso(REDIRECT, 's')).replace('</EntityDescriptor>', '')), /<EntityDescriptor> is never closed/);
    assert.match(refusal(`${idp(sso(REDIRECT, 's'))}<x/>`), /more than one root element/);
    assert.match(refusal(idp('<a></b>')), /<\/b> closes no open element/);
    assert.match(refusal(idp(sso(REDIRECT, 's'), `xmlns="${MD}" entityID="a" entityID="b"`)), /given twice/);
    assert.match(refusal(idp(sso(REDIRECT, 'a&b'))), /ampersand/);
    assert.match(refusal(`<!DOCTYPE d [<!ENTITY x "y">]>${idp(sso(REDIRECT, '&x;'))}`), /document type declarations/);
    assert.match(refusal(idp('<x:y/>')), /prefix x is not declared/);
    assert.match(refusal(idp(sso(REDIRECT, 's'), 'entityID="e"')), /not an EntityDescriptor of namespace/);
    assert.match(refusal(idp(sso(REDIRECT, 's'), `xmlns="${MD}"`)), /no entityID/);
    assert.match(refusal(idp('')), /no SingleSignOnService/);
    assert.match(refusal(`<EntityDescriptor xmlns="${MD}" entityID="sp"><SPSSODescriptor/></EntityDescriptor>`), /no EntityDescriptor has an IDPSSODescriptor/);
    assert.match(refusal(idp('<!-- never closed')), /<!-- is never closed/);
  });
});
