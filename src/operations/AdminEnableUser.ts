import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminEnableUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  if (!user.enabled) await saveUser(ctx.app, pool, { ...user, enabled: true, updatedAt: ctx.app.clock.now() });
  return {};
});
