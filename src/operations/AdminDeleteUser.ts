import type { AdminDeleteUserCommandInput, AdminDeleteUserCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

type Output = Omit<AdminDeleteUserCommandOutput, '$metadata'>;

export default defineOperation<AdminDeleteUserCommandInput, Output>('AdminDeleteUser', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const user = await requireUser(ctx, pool, input.Username!);
  if (!(await ctx.app.store.users.delete(pool.id, user.username))) throw errors.userNotFound('deleted meanwhile');
  return {};
});
