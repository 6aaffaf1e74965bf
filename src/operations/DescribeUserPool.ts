import { defineOperation } from '../app.js';
import { describePool } from '../pools/describe.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeUserPool', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { UserPool: await describePool(ctx.app, pool) };
});
