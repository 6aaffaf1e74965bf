// An EncryptedAssertion opened with the pool's key (XML Encryption 1.1: the content key sent
// RSA-OAEP-wrapped in an EncryptedKey, the assertion AES-CBC or AES-GCM encrypted under it).
// RSA PKCS #1 v1.5 key transport is refused: its padding oracle is the reason XML Encryption 1.1
// deprecates it.
import { constants, createDecipheriv, privateDecrypt, type KeyObject } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';

const XENC = 'http://www.w3.org/2001/04/xmlenc#';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const CONTENT_ALGORITHMS: Record<string, { cipher: string; gcm: boolean }> = {
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc': { cipher: 'aes-128-cbc', gcm: false },
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc': { cipher: 'aes-256-cbc', gcm: false },
  'http://www.w3.org/2009/xmlenc11#aes128-gcm': { cipher: 'aes-128-gcm', gcm: true },
  'http://www.w3.org/2009/xmlenc11#aes256-gcm': { cipher: 'aes-256-gcm', gcm: true },
};

const OAEP_DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};

export class SamlDecryptionError extends Error {}

const descendant = (element: Element, ns: string, local: string): Element | undefined => element.getElementsByTagNameNS(ns, local)[0] ?? undefined;

const cipherValue = (element: Element): Buffer => {
  const value = descendant(element, XENC, 'CipherValue');
  if (!value) throw new SamlDecryptionError('the encrypted data has no CipherValue');
  return Buffer.from((value.textContent ?? '').replace(/\s+/g, ''), 'base64');
};

/** The content key, unwrapped from the EncryptedKey with RSA-OAEP. */
function contentKey(encryptedKey: Element, key: KeyObject): Buffer {
  const method = descendant(encryptedKey, XENC, 'EncryptionMethod');
  const algorithm = method?.getAttribute('Algorithm');
  if (algorithm !== 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p' && algorithm !== 'http://www.w3.org/2009/xmlenc11#rsa-oaep') {
    throw new SamlDecryptionError(`the key is wrapped with ${algorithm ?? 'no algorithm'}; keypool takes RSA-OAEP only`);
  }
  const digest = method && descendant(method, DSIG, 'DigestMethod')?.getAttribute('Algorithm');
  const oaepHash = digest ? OAEP_DIGESTS[digest] : 'sha1';
  if (!oaepHash) throw new SamlDecryptionError(`the key's OAEP digest ${digest} is not supported`);
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, cipherValue(encryptedKey));
  } catch {
    throw new SamlDecryptionError('the assertion is not encrypted for this user pool (its key does not open)');
  }
}

/** The assertion's XML inside an EncryptedAssertion. */
export function decryptAssertion(encryptedAssertion: Element, key: KeyObject): string {
  const data = descendant(encryptedAssertion, XENC, 'EncryptedData');
  if (!data) throw new SamlDecryptionError('the EncryptedAssertion has no EncryptedData');
  const algorithm = CONTENT_ALGORITHMS[descendant(data, XENC, 'EncryptionMethod')?.getAttribute('Algorithm') ?? ''];
  if (!algorithm) throw new SamlDecryptionError('the assertion is encrypted with an algorithm keypool does not take (AES-CBC or AES-GCM)');
  const encryptedKey = descendant(data, XENC, 'EncryptedKey') ?? descendant(encryptedAssertion, XENC, 'EncryptedKey');
  if (!encryptedKey) throw new SamlDecryptionError('the EncryptedAssertion has no EncryptedKey');
  const symmetric = contentKey(encryptedKey, key);
  // The cipher value of the data is the one outside the EncryptedKey.
  const values = Array.from(data.getElementsByTagNameNS(XENC, 'CipherValue')).filter((value) => !isInside(value, encryptedKey));
  if (values.length !== 1) throw new SamlDecryptionError('the encrypted data must have one CipherValue');
  const sealed = Buffer.from((values[0]!.textContent ?? '').replace(/\s+/g, ''), 'base64');
  try {
    if (algorithm.gcm) {
      const decipher = createDecipheriv(algorithm.cipher as 'aes-256-gcm', symmetric, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
    }
    const decipher = createDecipheriv(algorithm.cipher, symmetric, sealed.subarray(0, 16));
    decipher.setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(sealed.subarray(16)), decipher.final()]);
    // XML Encryption's padding: the last byte says how many bytes to drop.
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > 16) throw new Error('bad padding');
    return plain.subarray(0, plain.length - pad).toString('utf8');
  } catch {
    throw new SamlDecryptionError('the encrypted assertion does not decrypt');
  }
}

function isInside(node: Element, ancestor: Element): boolean {
  for (let at: Element | null = node; at; at = at.parentNode as Element | null) if (at === ancestor) return true;
  return false;
}
