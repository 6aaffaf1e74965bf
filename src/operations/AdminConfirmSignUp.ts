import type { AdminConfirmSignUpCommandInput, AdminConfirmSignUpCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';

type Output = Omit<AdminConfirmSignUpCommandOutput, '$metadata'>;

// An administrator confirms a self-registered user without a code; only UNCONFIRMED users can be confirmed.
export default defineOperation<AdminConfirmSignUpCommandInput, Output>('AdminConfirmSignUp', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const user = await requireUser(ctx, pool, input.Username!);
  if (user.status !== 'UNCONFIRMED') throw errors.cannotConfirm(user.status);
  await saveUser(ctx, pool, { ...user, status: 'CONFIRMED', updatedAt: ctx.app.clock.now() });
  return {};
});
