// SECRET_HASH = Base64(HMAC_SHA256(clientSecret, username + clientId)), required from clients with a secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors } from '../protocol/errors.js';
import type { ClientRecord } from '../store/records.js';

export function computeSecretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac('sha256', clientSecret).update(username + clientId).digest('base64');
}

/**
 * Checks SECRET_HASH for a client that has a secret. `usernames` are the names the client may have
 * hashed: what it typed (an alias, say) and the internal username.
 */
export function verifySecretHash(client: ClientRecord, secretHash: string | undefined, usernames: string[]): void {
  if (!client.clientSecret) return;
  if (!secretHash) throw errors.secretHashMissing(client.clientId);
  const given = Buffer.from(secretHash);
  for (const username of usernames) {
    const expected = Buffer.from(computeSecretHash(client.clientSecret, username, client.clientId));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return;
  }
  throw errors.secretHashMismatch(client.clientId);
}
