import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteUserPool', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  if (pool.settings.DeletionProtection === 'ACTIVE') throw errors.deletionProtected();
  if (!(await ctx.app.store.pools.delete(pool.id))) throw errors.poolNotFound(pool.id);
  return {};
});
