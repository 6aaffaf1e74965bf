// SECRET_HASH = Base64(HMAC_SHA256(clientSecret, username + clientId)), required from clients with a
// secret. While a client has two secrets (rotation), either one is accepted.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from '../protocol/errors.js';
import type { ClientRecord } from '../store/records.js';

export function computeSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

const hasSecret = (client: ClientRecord): boolean => client.clientSecrets.length > 0;

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `secretHash` was computed with any of the client's secrets over `username`. */
const matches = (client: ClientRecord, secretHash: string, username: string): boolean =>
  client.clientSecrets.some((secret) => sameText(secretHash, computeSecretHash(secret.value, username, client.clientId)));

/**
 * Checks SECRET_HASH for a client that has a secret. `usernames` are the names the client may have
 * hashed: what it typed (an alias, say) and the internal username.
 */
export function verifySecretHash(client: ClientRecord, secretHash: string | undefined, usernames: string[]): void {
  if (!hasSecret(client)) return;
  if (!secretHash) throw errors.secretHashMissing(client.clientId);
  if (!usernames.some((username) => matches(client, secretHash, username))) {
    throw errors.secretHashMismatch(client.clientId);
  }
}

/** A refresh's SECRET_HASH is over the username of the sign-in the token belongs to, and has its own message. */
export function verifyRefreshSecretHash(client: ClientRecord, secretHash: string | undefined, username: string): void {
  if (!hasSecret(client)) return;
  if (!secretHash) throw errors.secretHashMissing(client.clientId);
  if (!matches(client, secretHash, username)) throw errors.refreshSecretHashMismatch(client.clientId);
}

/** A ClientSecret sent as such (GetTokensFromRefreshToken, RevokeToken), compared in constant time. */
export function clientSecretMatches(client: ClientRecord, given: string | undefined): boolean {
  if (!hasSecret(client)) return true;
  if (given === undefined) return false;
  return client.clientSecrets.some((secret) => sameText(given, secret.value));
}
