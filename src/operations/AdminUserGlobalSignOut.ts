import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

/** Revokes every sign-in of the user: all their access and refresh tokens are refused afterwards. */
export default defineOperation({ name: 'AdminUserGlobalSignOut', quota: 'UserToken' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  await ctx.app.store.tokens.revokeUser(pool.id, user.username, ctx.app.clock.now());
  return {};
});
