import { defineOperation } from '../app.js';
import { describeGroup, requireGroup } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'GetGroup', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { Group: describeGroup(await requireGroup(ctx.app, pool, input.GroupName)) };
});
