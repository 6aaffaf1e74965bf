import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';

// A disabled user can no longer sign in, and every token they hold stops working (docs: AdminDisableUser).
export default defineOperation({ name: 'AdminDisableUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  const now = ctx.app.clock.now();
  if (user.enabled) await saveUser(ctx.app, pool, { ...user, enabled: false, updatedAt: now });
  await ctx.app.store.tokens.revokeUser(pool.id, user.username, now);
  return {};
});
