import { defineOperation } from '../app.js';
import { authorizePasskeyOwner } from '../passkeys/access.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteWebAuthnCredential', quota: 'UserUpdate', authEvent: 'PasskeyDeletion' }, async (input, ctx) => {
  const { pool, user } = await authorizePasskeyOwner(ctx, input.AccessToken);
  // Another user's credential answers as an unknown one: nothing about it is revealed or changed.
  const deleted = await ctx.app.store.passkeys.delete(pool.id, user.username, input.CredentialId);
  if (!deleted) throw errors.passkeyNotFound('no such credential of this user');
  return {};
});
