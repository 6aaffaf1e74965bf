import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { deletePasskey } from '../passkeys/deletion.js';

export default defineOperation({ name: 'DeleteWebAuthnCredential', quota: 'UserUpdate', authEvent: 'PasskeyDeletion' }, async (input, ctx) => {
  const authorized = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(authorized.subject);
  const { user } = admitPasskeyOwner(authorized);
  // Another user's credential answers as an unknown one: nothing about it is revealed or changed.
  await deletePasskey(ctx.app, user, input.CredentialId);
  return {};
});
