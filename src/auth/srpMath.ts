// Cognito's SRP-6a group and the arithmetic both sides share, as amazon-cognito-identity-js, Amplify
// and pycognito compute it (Java BigInteger byte encoding, k = H(N | g), the 3072-bit group).
// Modular exponentiation runs in OpenSSL through a Diffie-Hellman object, which is fast and treats
// the exponent as secret; JavaScript BigInt only does single multiplications and additions.
import { createDiffieHellman, createHash, createHmac, hkdfSync } from 'node:crypto';
import { randomBytes } from '../random.js';

export const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;
const N_BYTES = 384;

export const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** Minimal hex of a non-negative integer (what clients send: lowercase, unpadded). */
export const toHex = (n: bigint): string => n.toString(16);

export const fromHex = (hex: string): bigint => BigInt(`0x${hex}`);

export const fromBytes = (bytes: Buffer): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`));

/** Java's BigInteger.toByteArray() of a non-negative integer: minimal bytes, plus 0x00 when the top bit is set. */
export function padHex(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (/^[89a-f]/i.test(hex)) hex = `00${hex}`;
  return Buffer.from(hex, 'hex');
}

/** k = H(padHex(N) || padHex(g)). */
export const k = fromBytes(sha256(padHex(N), padHex(g)));

const fixed = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(N_BYTES * 2, '0'), 'hex');

const dh = createDiffieHellman(fixed(N), Buffer.from([2]));

/** base^exponent mod N, in OpenSSL. */
export function modPowN(base: bigint, exponent: bigint): bigint {
  const b = ((base % N) + N) % N;
  if (exponent === 0n) return 1n;
  // OpenSSL refuses these bases as Diffie-Hellman public values.
  if (b === 0n) return 0n;
  if (b === 1n) return 1n;
  if (b === N - 1n) return exponent % 2n === 0n ? 1n : N - 1n;
  dh.setPrivateKey(padHex(exponent));
  return fromBytes(dh.computeSecret(fixed(b)));
}

/** x = H(padHex(salt) || H(poolName || userId || ":" || password)). */
export function computeX(salt: bigint, poolName: string, userIdForSrp: string, password: string): bigint {
  const inner = sha256(Buffer.from(`${poolName}${userIdForSrp}:${password}`, 'utf8'));
  return fromBytes(sha256(padHex(salt), inner));
}

/** The pool name of SRP: the part of the pool id after the first underscore. */
export const poolNameOf = (poolId: string): string => poolId.slice(poolId.indexOf('_') + 1);

/** A fresh 16-byte salt whose first byte is not zero, and its verifier v = g^x mod N. */
export function createVerifier(poolId: string, userIdForSrp: string, password: string): { salt: string; verifier: string } {
  let saltBytes = randomBytes(16);
  while (saltBytes[0] === 0) saltBytes = randomBytes(16);
  const salt = fromBytes(saltBytes);
  const x = computeX(salt, poolNameOf(poolId), userIdForSrp, password);
  return { salt: saltBytes.toString('hex'), verifier: toHex(modPowN(g, x)) };
}

// The server's side of the exchange (cognito-srp.md §5-7, §9).

/** B = (k·v + g^b) mod N. */
export const computeB = (verifier: bigint, b: bigint): bigint => (k * verifier + modPowN(g, b)) % N;

/** u = H(padHex(A) || padHex(B)). */
export const computeU = (A: bigint, B: bigint): bigint => fromBytes(sha256(padHex(A), padHex(B)));

/** The server's premaster secret S = (A · v^u mod N)^b mod N; it never needs x. */
export const computeServerS = (A: bigint, verifier: bigint, u: bigint, b: bigint): bigint =>
  modPowN((A * modPowN(verifier, u)) % N, b);

/** RFC 5869 HKDF-SHA256: salt padHex(u), key material padHex(S), info "Caldera Derived Key", 16 bytes. */
export const sessionKey = (u: bigint, S: bigint): Buffer =>
  Buffer.from(hkdfSync('sha256', padHex(S), padHex(u), 'Caldera Derived Key', 16));

/** HMAC-SHA256(key, poolName || userIdForSrp || secret block bytes || TIMESTAMP). */
export function passwordClaimSignature(key: Buffer, poolName: string, userIdForSrp: string, secretBlock: Buffer, timestamp: string): Buffer {
  return createHmac('sha256', key)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userIdForSrp, 'utf8'))
    .update(secretBlock)
    .update(Buffer.from(timestamp, 'utf8'))
    .digest();
}
