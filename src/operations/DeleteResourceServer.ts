import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteResourceServer', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  if (!(await ctx.app.store.resourceServers.delete(pool.id, input.Identifier))) throw errors.resourceServerNotFound(input.Identifier, pool.id);
  return {};
});
