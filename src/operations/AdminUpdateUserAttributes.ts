import type {
  AdminUpdateUserAttributesCommandInput,
  AdminUpdateUserAttributesCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { updateAttributes } from '../users/updates.js';

type Output = Omit<AdminUpdateUserAttributesCommandOutput, '$metadata'>;

export default defineOperation<AdminUpdateUserAttributesCommandInput, Output>('AdminUpdateUserAttributes', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const user = await requireUser(ctx, pool, input.Username!);
  await updateAttributes(ctx, pool, user, input.UserAttributes, { kind: 'admin' });
  return {};
});
