import type {
  DeleteWebAuthnCredentialCommandInput,
  DeleteWebAuthnCredentialCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { authorizePasskeyOwner } from '../passkeys/access.js';
import { deletePasskey } from '../passkeys/deletion.js';

type Output = Omit<DeleteWebAuthnCredentialCommandOutput, '$metadata'>;

export default defineOperation<DeleteWebAuthnCredentialCommandInput, Output>('DeleteWebAuthnCredential', async (input, ctx) => {
  const { user } = await authorizePasskeyOwner(ctx, input.AccessToken!);
  // Another user's credential answers as an unknown one: nothing about it is revealed or changed.
  await deletePasskey(ctx, user, input.CredentialId!);
  return {};
});
