import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { cbor } from '../../test/support/softAuthenticator.js';
import { importCoseKey, MalformedCoseKey } from './coseKey.js';

/** An RS256 COSE_Key (kty 3, alg -257) with the modulus and exponent given. */
const rsaCoseKey = (n: Buffer, e: Buffer) =>
  cbor(new Map<never, never>([[1 as never, 3 as never], [3 as never, -257 as never], [-1 as never, n as never], [-2 as never, e as never]]));

const realRsa = (modulusLength: number) => {
  const jwk = generateKeyPairSync('rsa', { modulusLength }).publicKey.export({ format: 'jwk' });
  return { n: Buffer.from(jwk.n!, 'base64url'), e: Buffer.from(jwk.e!, 'base64url') };
};

describe('importCoseKey', () => {
  it('reads a 2048-bit RS256 key', () => {
    const { n, e } = realRsa(2048);
    const { algorithm, key } = importCoseKey(rsaCoseKey(n, e));
    assert.equal(algorithm, -257);
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it('refuses RSA keys that verify nothing: a short or empty modulus, an exponent of 1 or an even one', () => {
    const { n, e } = realRsa(2048);
    const refused: [Buffer, Buffer, RegExp][] = [
      [Buffer.alloc(1), Buffer.from([1]), /modulus has 0 bits/],
      [Buffer.from([1]), Buffer.from([1]), /modulus has 1 bits/],
      [realRsa(1024).n, e, /modulus has 1024 bits, fewer than 2048/],
      [n, Buffer.from([1]), /exponent 1 is not an odd number/],
      [n, Buffer.from([1, 0, 0]), /exponent 65536 is not an odd number/],
    ];
    for (const [modulus, exponent, message] of refused) {
      assert.throws(() => importCoseKey(rsaCoseKey(modulus, exponent)), (error: unknown) => error instanceof MalformedCoseKey && message.test(error.message));
    }
  });
});
