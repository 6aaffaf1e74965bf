import { defineOperation } from '../app.js';
import { MAX_GROUPS_PER_POOL, checkPrecedence, describeGroup } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { GroupRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';

export default defineOperation({ name: 'CreateGroup', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  checkPrecedence(input.Precedence);
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const now = ctx.app.clock.now();
  const group: GroupRecord = {
    poolId: pool.id,
    groupName: input.GroupName,
    description: input.Description,
    roleArn: input.RoleArn,
    precedence: input.Precedence,
    createdAt: now,
    updatedAt: now,
  };
  try {
    if (!(await ctx.app.store.groups.create(group, MAX_GROUPS_PER_POOL))) throw errors.poolNotFound(pool.id);
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    throw error.what === 'limit' ? errors.poolGroupLimit(MAX_GROUPS_PER_POOL) : errors.groupExists(`group ${group.groupName}`);
  }
  return { Group: describeGroup(group) };
});
