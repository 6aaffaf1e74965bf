import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { userAuthFactors } from '../users/authFactors.js';

export default defineOperation({ name: 'AdminGetUserAuthFactors', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  return userAuthFactors(ctx.app, pool, user);
});
