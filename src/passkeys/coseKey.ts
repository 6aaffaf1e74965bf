// Whether a credential public key (a COSE_Key, RFC 9053 §7) is a key at all: every parameter its
// key type needs, of the right kind, describing a point on its curve or a usable RSA modulus.
// The attestation 'none' signs nothing, so without this check a response could register a key no
// assertion will ever verify against.
import { createPublicKey, type JsonWebKey } from 'node:crypto';
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
