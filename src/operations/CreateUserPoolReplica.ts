import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { createReplica, describeReplica, findReplica, requirePrimaryRegion } from '../pools/replicas.js';

// Replicates the pool to a second region. Cognito answers while the replica is still CREATING;
// keypool's is ready at once (ListUserPoolReplicas shows it ACTIVE).
export default defineOperation({ name: 'CreateUserPoolReplica', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  requirePrimaryRegion('CreateUserPoolReplica', pool, await findReplica(ctx.app, pool.id), ctx.region);
  const replica = await createReplica(ctx.app, pool, input.RegionName, input.UserPoolTags);
  return { UserPoolReplica: describeReplica(pool, replica, 'CREATING') };
});
