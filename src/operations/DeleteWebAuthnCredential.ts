import type {
  DeleteWebAuthnCredentialCommandInput,
  DeleteWebAuthnCredentialCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { authorizePasskeyOwner } from '../passkeys/access.js';
import { errors } from '../protocol/errors.js';

type Output = Omit<DeleteWebAuthnCredentialCommandOutput, '$metadata'>;

export default defineOperation<DeleteWebAuthnCredentialCommandInput, Output>('DeleteWebAuthnCredential', async (input, ctx) => {
  const { pool, user } = await authorizePasskeyOwner(ctx, input.AccessToken!);
  // Another user's credential answers as an unknown one: nothing about it is revealed or changed.
  const deleted = await ctx.app.store.passkeys.delete(pool.id, user.username, input.CredentialId!);
  if (!deleted) throw errors.passkeyNotFound('no such credential of this user');
  return {};
});
