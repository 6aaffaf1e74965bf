import { defineOperation } from '../app.js';
import { describeResourceServer, requireResourceServer } from '../oauth/resourceServers.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeResourceServer', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { ResourceServer: describeResourceServer(await requireResourceServer(ctx.app, pool, input.Identifier)) };
});
