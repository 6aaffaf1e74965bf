import { defineOperation } from '../app.js';
import { describePool } from '../pools/describe.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeUserPool', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  return { UserPool: await describePool(ctx.app, pool) };
});
