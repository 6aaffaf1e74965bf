import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { userAuthFactors } from '../users/authFactors.js';

export default defineOperation({ name: 'AdminGetUserAuthFactors', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx, pool, input.Username);
  return userAuthFactors(ctx.app, pool, user);
});
