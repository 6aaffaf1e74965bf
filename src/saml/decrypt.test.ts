import assert from 'node:assert/strict';
import { constants, createCipheriv, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { decryptAssertion, SamlDecryptionError } from './decrypt.js';

const ASSERTION = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a"><saml:Issuer>idp</saml:Issuer></saml:Assertion>';
const pool = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** An EncryptedAssertion as an identity provider makes it: the content under a fresh AES key, the key wrapped for `publicKey`. */
function encrypted(options: { content: string; keyTransport: string; gcm: boolean; publicKey?: typeof pool.publicKey }): string {
  const key = randomBytes(32);
  let sealed: Buffer;
  if (options.gcm) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    sealed = Buffer.concat([iv, cipher.update(ASSERTION), cipher.final(), cipher.getAuthTag()]);
  } else {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    sealed = Buffer.concat([iv, cipher.update(ASSERTION), cipher.final()]);
  }
  const padding = options.keyTransport.endsWith('rsa-1_5') ? constants.RSA_PKCS1_PADDING : constants.RSA_PKCS1_OAEP_PADDING;
  const wrapped = publicEncrypt({ key: options.publicKey ?? pool.publicKey, padding, oaepHash: 'sha1' }, key);
  return (
    `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#">` +
    `<xenc:EncryptionMethod Algorithm="${options.content}"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey>` +
    `<xenc:EncryptionMethod Algorithm="${options.keyTransport}"/><xenc:CipherData><xenc:CipherValue>${wrapped.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>${sealed.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>`
  );
}

const element = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
const OAEP = 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p';
const CBC = 'http://www.w3.org/2001/04/xmlenc#aes256-cbc';
const GCM = 'http://www.w3.org/2009/xmlenc11#aes256-gcm';

describe('encrypted SAML assertions', () => {
  it('opens AES-CBC and AES-GCM content under an RSA-OAEP key', () => {
    assert.equal(decryptAssertion(element(encrypted({ content: CBC, keyTransport: OAEP, gcm: false })), pool.privateKey), ASSERTION);
    assert.equal(decryptAssertion(element(encrypted({ content: GCM, keyTransport: OAEP, gcm: true })), pool.privateKey), ASSERTION);
  });

  it('refuses RSA PKCS #1 v1.5 keys, keys for someone else, unknown ciphers and tampered content', () => {
    const refused = (xml: string, pattern: RegExp) =>
      assert.throws(() => decryptAssertion(element(xml), pool.privateKey), (error: unknown) => error instanceof SamlDecryptionError && pattern.test(error.message));
    refused(encrypted({ content: CBC, keyTransport: 'http://www.w3.org/2001/04/xmlenc#rsa-1_5', gcm: false }), /RSA-OAEP only/);
    refused(encrypted({ content: CBC, keyTransport: OAEP, gcm: false, publicKey: other.publicKey }), /not encrypted for this user pool/);
    refused(encrypted({ content: 'http://www.w3.org/2001/04/xmlenc#tripledes-cbc', keyTransport: OAEP, gcm: false }), /AES-CBC or AES-GCM/);
    const gcm = encrypted({ content: GCM, keyTransport: OAEP, gcm: true });
    const value = gcm.match(/<\/ds:KeyInfo><xenc:CipherData><xenc:CipherValue>([^<]+)</)![1]!;
    const flipped = Buffer.from(value, 'base64');
    flipped[20] = flipped[20]! ^ 1;
    refused(gcm.replace(value, flipped.toString('base64')), /does not decrypt/);
  });
});
