import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { describeReplica, requireReplica, setReplicaStatus } from '../pools/replicas.js';

// Activates or deactivates the replica (from either region): an INACTIVE replica mints no tokens
// under its issuer and can be deleted.
export default defineOperation({ name: 'UpdateUserPoolReplica', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const replica = await requireReplica(ctx.app, pool, input.RegionName);
  return { UserPoolReplica: describeReplica(pool, await setReplicaStatus(ctx.app, replica, input.Status)) };
});
