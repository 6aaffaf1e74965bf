import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteGroup', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  if (!(await ctx.app.store.groups.delete(pool.id, input.GroupName))) throw errors.groupNotFound(`no group ${input.GroupName}`);
  return {};
});
