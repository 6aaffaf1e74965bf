import type {
  AdminUserGlobalSignOutCommandInput,
  AdminUserGlobalSignOutCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

type Output = Omit<AdminUserGlobalSignOutCommandOutput, '$metadata'>;

/** Revokes every sign-in of the user: all their access and refresh tokens are refused afterwards. */
export default defineOperation<AdminUserGlobalSignOutCommandInput, Output>('AdminUserGlobalSignOut', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const user = await requireUser(ctx, pool, input.Username!);
  await ctx.app.store.tokens.revokeUser(pool.id, user.username, ctx.app.clock.now());
  return {};
});
