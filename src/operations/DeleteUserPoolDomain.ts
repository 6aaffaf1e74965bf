import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteUserPoolDomain', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const record = await ctx.app.store.domains.get(input.Domain);
  if (!record || record.poolId !== pool.id || !(await ctx.app.store.domains.delete(record.domain))) {
    throw errors.noSuchDomain();
  }
  return {};
});
