// Deleting one of a user's passkeys: DeleteWebAuthnCredential for the signed-in user, and the
// operator console for any user. Both go through here, so both delete alike; each notes the pool and
// user on its request, so both leave the same PasskeyDeletion event.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { UserRecord } from '../store/records.js';

/** Deletes the user's passkey; another user's or an unknown credential answers passkeyNotFound, changing nothing. */
export async function deletePasskey(app: App, user: UserRecord, credentialId: string): Promise<void> {
  const deleted = await app.store.passkeys.delete(user.poolId, user.username, credentialId);
  if (!deleted) throw errors.passkeyNotFound('no such credential of this user');
}
