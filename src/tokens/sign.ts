// Compact RS256 JWS (RFC 7515) with node's own signer: the signature is made on libuv's thread
// pool, as WebCrypto's is, without WebCrypto's promise and job plumbing around each call.
import { sign, type KeyObject } from 'node:crypto';

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `claims` signed with RS256 under `kid`, header members in the order Cognito's tokens have them. */
export function signJwt(claims: object, signing: { kid: string; key: KeyObject }): Promise<string> {
  const input = `${part({ kid: signing.kid, alg: 'RS256' })}.${part(claims)}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), signing.key, (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
}
