import type { AdminDisableUserCommandInput, AdminDisableUserCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';

type Output = Omit<AdminDisableUserCommandOutput, '$metadata'>;

// A disabled user can no longer sign in, and every token they hold stops working (docs: AdminDisableUser).
export default defineOperation<AdminDisableUserCommandInput, Output>('AdminDisableUser', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const user = await requireUser(ctx, pool, input.Username!);
  const now = ctx.app.clock.now();
  if (user.enabled) await saveUser(ctx, pool, { ...user, enabled: false, updatedAt: now });
  await ctx.app.store.tokens.revokeUser(pool.id, user.username, now);
  return {};
});
