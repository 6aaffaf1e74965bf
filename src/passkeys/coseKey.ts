// Whether a credential public key (a COSE_Key, RFC 9053 §7) is a key at all: every parameter its
// key type needs, of the right kind, describing a point on its curve or a usable RSA modulus.
// The attestation 'none' signs nothing, so without this check a response could register a key no
// assertion will ever verify against. Also: checking an assertion's signature with such a key.
import { constants, createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';

const EC_CURVES: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521' };
const OKP_CURVES: Record<number, string> = { 6: 'Ed25519' };

const b64u = (value: unknown): string | undefined =>
  value instanceof Uint8Array && value.length > 0 ? Buffer.from(value).toString('base64url') : undefined;

function toJwk(key: Map<number, unknown>): JsonWebKey | undefined {
  const kty = key.get(1);
  if (kty === 2) {
    const crv = EC_CURVES[key.get(-1) as number];
    const x = b64u(key.get(-2));
    const y = b64u(key.get(-3));
    return crv && x && y ? { kty: 'EC', crv, x, y } : undefined;
  }
  if (kty === 3) {
    const n = b64u(key.get(-1));
    const e = b64u(key.get(-2));
    return n && e ? { kty: 'RSA', n, e } : undefined;
  }
  if (kty === 1) {
    const crv = OKP_CURVES[key.get(-1) as number];
    const x = b64u(key.get(-2));
    return crv && x ? { kty: 'OKP', crv, x } : undefined;
  }
  return undefined;
}

/** COSE signature algorithms (IANA "COSE Algorithms") by key type, as node:crypto verifies them. */
const SIGNATURE_ALGORITHMS: Record<number, { kty: number; hash: string | null; pss?: true }> = {
  [-7]: { kty: 2, hash: 'sha256' },
  [-35]: { kty: 2, hash: 'sha384' },
  [-36]: { kty: 2, hash: 'sha512' },
  [-257]: { kty: 3, hash: 'sha256' },
  [-258]: { kty: 3, hash: 'sha384' },
  [-259]: { kty: 3, hash: 'sha512' },
  [-65535]: { kty: 3, hash: 'sha1' },
  [-37]: { kty: 3, hash: 'sha256', pss: true },
  [-38]: { kty: 3, hash: 'sha384', pss: true },
  [-39]: { kty: 3, hash: 'sha512', pss: true },
  [-8]: { kty: 1, hash: null },
};

/**
 * True when `signature` is the COSE key's signature over `data`, by the algorithm the key names
 * (ECDSA signatures DER-encoded, as WebAuthn §6.5.6 has them). False for any key or signature that
 * cannot be used.
 */
export function verifiesWithCoseKey(coseKey: Uint8Array, data: Buffer, signature: Buffer): boolean {
  try {
    const key = decodeCredentialPublicKey(new Uint8Array(coseKey)) as unknown as Map<number, unknown>;
    const algorithm = SIGNATURE_ALGORITHMS[key.get(3) as number];
    const jwk = toJwk(key);
    if (!algorithm || !jwk || key.get(1) !== algorithm.kty) return false;
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    const options = algorithm.pss ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : publicKey;
    return verify(algorithm.hash, data, options, signature);
  } catch {
    return false;
  }
}

export function isUsablePublicKey(coseKey: Uint8Array): boolean {
  try {
    const jwk = toJwk(decodeCredentialPublicKey(new Uint8Array(coseKey)) as unknown as Map<number, unknown>);
    if (!jwk) return false;
    createPublicKey({ key: jwk, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}
