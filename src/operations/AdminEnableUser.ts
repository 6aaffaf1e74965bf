import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminEnableUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx, pool, input.Username);
  if (!user.enabled) await saveUser(ctx, pool, { ...user, enabled: true, updatedAt: ctx.app.clock.now() });
  return {};
});
