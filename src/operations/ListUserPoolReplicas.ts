import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { describePrimary, describeReplica, findReplica } from '../pools/replicas.js';
import { errors } from '../protocol/errors.js';

// The primary region and the replica, on one page (a pool has at most two regions).
export default defineOperation({ name: 'ListUserPoolReplicas', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  // keypool never hands out a NextToken here, so none can be valid.
  if (input.NextToken !== undefined) throw errors.invalidNextToken('ListUserPoolReplicas has a single page');
  const replica = await findReplica(ctx.app, pool.id);
  return { UserPoolReplicas: [describePrimary(pool), ...(replica ? [describeReplica(pool, replica.body)] : [])] };
});
