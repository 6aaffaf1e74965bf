import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { deleteReplica, describeReplica, requirePrimaryRegion, requireReplica } from '../pools/replicas.js';

// Deletes the replica: from the primary region, and only once it is INACTIVE. Cognito answers while
// it is DELETING; keypool's is gone at once.
export default defineOperation({ name: 'DeleteUserPoolReplica', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const replica = await requireReplica(ctx.app, pool, input.RegionName);
  requirePrimaryRegion('DeleteUserPoolReplica', pool, replica, ctx.region);
  await deleteReplica(ctx.app, replica);
  return { UserPoolReplica: describeReplica(pool, replica.body, 'DELETING') };
});
