// SECRET_HASH = Base64(HMAC_SHA256(clientSecret, username + clientId)), required from clients with a secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from '../protocol/errors.js';
import type { ClientRecord } from '../store/records.js';

export function computeSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

function matches(clientSecret: string, clientId: string, secretHash: string, username: string): boolean {
  const given = Buffer.from(secretHash);
  const expected = Buffer.from(computeSecretHash(clientSecret, username, clientId));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Checks SECRET_HASH for a client that has a secret. `usernames` are the names the client may have
 * hashed: what it typed (an alias, say) and the internal username.
 */
export function verifySecretHash(client: ClientRecord, secretHash: string | undefined, usernames: string[]): void {
  if (!client.clientSecret) return;
  if (!secretHash) throw errors.secretHashMissing(client.clientId);
  if (!usernames.some((username) => matches(client.clientSecret!, client.clientId, secretHash, username))) {
    throw errors.secretHashMismatch(client.clientId);
  }
}

/** A refresh's SECRET_HASH is over the username of the sign-in the token belongs to, and has its own message. */
export function verifyRefreshSecretHash(client: ClientRecord, secretHash: string | undefined, username: string): void {
  if (!client.clientSecret) return;
  if (!secretHash) throw errors.secretHashMissing(client.clientId);
  if (!matches(client.clientSecret, client.clientId, secretHash, username)) throw errors.refreshSecretHashMismatch(client.clientId);
}

/** A ClientSecret sent as such (GetTokensFromRefreshToken, RevokeToken), compared in constant time. */
export function clientSecretMatches(client: ClientRecord, given: string | undefined): boolean {
  if (!client.clientSecret) return true;
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(client.clientSecret);
  return a.length === b.length && timingSafeEqual(a, b);
}
