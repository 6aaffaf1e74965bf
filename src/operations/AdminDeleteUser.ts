import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminDeleteUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  if (!(await ctx.app.store.users.delete(pool.id, user.username))) throw errors.userNotFound('deleted meanwhile');
  return {};
});
