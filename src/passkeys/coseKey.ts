// Credential public keys (COSE_Key, RFC 9053 §7): reading one as a key of an algorithm keypool
// offers, and checking an assertion's signature with it. A key is refused unless its key type, its
// algorithm and its curve agree and describe a real key (a point on the curve, a usable RSA modulus):
// the attestation 'none' signs nothing, so without this a response could register a key that no
// assertion will ever verify against, or one labelled ES256 that is not an ES256 key.
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { BoundedMap } from '../boundedMap.js';

// COSE key parameters and values (IANA "COSE Key Common Parameters", "COSE Key Types", "COSE Elliptic Curves").
const KTY = 1;
const ALG = 3;
const EC2 = 2;
const RSA = 3;
const P256 = 1;

/**
 * The algorithms keypool offers (policy.ts SUPPORTED_ALGORITHMS) with the key each needs:
 * ES256 is ECDSA with SHA-256 on P-256 (RFC 9053 §2.1; WebAuthn §5.8.5 requires the P-256 curve),
 * RS256 is RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8812 §2).
 */
const ALGORITHMS: Readonly<Record<number, { name: string; kty: number; crv?: number }>> = {
  [-7]: { name: 'ES256', kty: EC2, crv: P256 },
  [-257]: { name: 'RS256', kty: RSA },
};

export class MalformedCoseKey extends Error {
  override name = 'MalformedCoseKey';
}

const bytes = (value: unknown, what: string): string => {
  if (!(value instanceof Uint8Array) || value.length === 0) throw new MalformedCoseKey(`${what} is missing`);
  return Buffer.from(value).toString('base64url');
};

/** The key as a JWK, for node:crypto to import (and refuse when it is no key). */
function toJwk(key: Map<number, unknown>, kty: number): JsonWebKey {
  if (kty === EC2) return { kty: 'EC', crv: 'P-256', x: bytes(key.get(-2), 'x'), y: bytes(key.get(-3), 'y') };
  return { kty: 'RSA', n: bytes(key.get(-1), 'n'), e: bytes(key.get(-2), 'e') };
}

/**
 * Reads a COSE_Key of an algorithm keypool offers. Throws MalformedCoseKey with the reason when it
 * is not CBOR, names another algorithm, or its key type or curve contradicts its algorithm, or its
 * parameters describe no key.
 */
export function importCoseKey(coseKey: Uint8Array): { algorithm: number; key: KeyObject } {
  let key: Map<number, unknown>;
  try {
    key = decodeCredentialPublicKey(new Uint8Array(coseKey)) as unknown as Map<number, unknown>;
  } catch {
    throw new MalformedCoseKey('it is not a CBOR map');
  }
  const algorithm = key.get(ALG);
  const required = typeof algorithm === 'number' ? ALGORITHMS[algorithm] : undefined;
  if (typeof algorithm !== 'number' || !required) throw new MalformedCoseKey(`its algorithm ${String(algorithm)} is not ES256 or RS256`);
  const kty = key.get(KTY);
  if (kty !== required.kty) throw new MalformedCoseKey(`its key type ${String(kty)} does not fit ${required.name} (key type ${required.kty})`);
  const crv = key.get(-1);
  if (required.crv !== undefined && crv !== required.crv) {
    throw new MalformedCoseKey(`its curve ${String(crv)} does not fit ${required.name} (curve ${required.crv})`);
  }
  let imported: KeyObject;
  try {
    imported = createPublicKey({ key: toJwk(key, kty), format: 'jwk' });
  } catch (error) {
    if (error instanceof MalformedCoseKey) throw error;
    throw new MalformedCoseKey(`its parameters describe no ${required.name} key`);
  }
  if (kty === RSA) refuseUnusableRsa(imported);
  return { algorithm, key: imported };
}

/** Shorter RSA moduli are not allowed for signatures (NIST SP 800-131A); authenticators' RS256 keys have 2048 bits. */
const MIN_RSA_MODULUS_BITS = 2048;

/**
 * node imports any RSA modulus and exponent, a zero-length modulus or an exponent of 1 included:
 * such a key verifies nothing (or anything), so it is refused here.
 */
function refuseUnusableRsa(key: KeyObject): void {
  const { modulusLength = 0, publicExponent = 0n } = key.asymmetricKeyDetails ?? {};
  if (modulusLength < MIN_RSA_MODULUS_BITS) throw new MalformedCoseKey(`its RSA modulus has ${modulusLength} bits, fewer than ${MIN_RSA_MODULUS_BITS}`);
  if (publicExponent < 3n || publicExponent % 2n === 0n) throw new MalformedCoseKey(`its RSA public exponent ${publicExponent} is not an odd number of at least 3`);
}

/** Keys of recent sign-ins by their COSE bytes: the same passkeys sign in again and again. */
const recentKeys = new BoundedMap<string, KeyObject>(4096);

function publicKeyOf(coseKey: Uint8Array): KeyObject {
  const bytes = Buffer.from(coseKey.buffer, coseKey.byteOffset, coseKey.byteLength).toString('base64');
  let key = recentKeys.get(bytes);
  if (!key) {
    key = importCoseKey(coseKey).key;
    recentKeys.set(bytes, key);
  }
  return key;
}

/**
 * True when `signature` is the COSE key's signature over `data` by its algorithm (ECDSA signatures
 * DER-encoded, as WebAuthn §6.5.6 has them). False for any key or signature that cannot be used.
 * The check runs on libuv's thread pool: an ECDSA verification is ~60 µs of CPU the event loop
 * would otherwise spend on every passkey sign-in.
 */
export function verifiesWithCoseKey(coseKey: Uint8Array, data: Buffer, signature: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      // Both algorithms hash with SHA-256; the key's type picks ECDSA or PKCS #1 v1.5.
      verify('sha256', data, publicKeyOf(coseKey), signature, (error, valid) => resolve(!error && valid));
    } catch {
      resolve(false);
    }
  });
}
