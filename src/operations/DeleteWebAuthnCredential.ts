import { defineOperation } from '../app.js';
import { authorizePasskeyOwner } from '../passkeys/access.js';
import { deletePasskey } from '../passkeys/deletion.js';

export default defineOperation({ name: 'DeleteWebAuthnCredential', quota: 'UserUpdate', authEvent: 'PasskeyDeletion' }, async (input, ctx) => {
  const { user } = await authorizePasskeyOwner(ctx, input.AccessToken);
  // Another user's credential answers as an unknown one: nothing about it is revealed or changed.
  await deletePasskey(ctx, user, input.CredentialId);
  return {};
});
