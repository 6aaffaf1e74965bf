// Deleting one of a user's passkeys: DeleteWebAuthnCredential for the signed-in user, and the
// operator console for any user. Both go through here, so both leave the same PasskeyDeletion event.
import type { RequestContext } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { UserRecord } from '../store/records.js';

/** Deletes the user's passkey; another user's or an unknown credential answers passkeyNotFound, changing nothing. */
export async function deletePasskey(ctx: RequestContext, user: UserRecord, credentialId: string): Promise<void> {
  ctx.annotations.pool = user.poolId;
  ctx.annotations.user = user.username;
  const deleted = await ctx.app.store.passkeys.delete(user.poolId, user.username, credentialId);
  if (!deleted) throw errors.passkeyNotFound('no such credential of this user');
}
