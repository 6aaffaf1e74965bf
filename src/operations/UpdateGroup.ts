import { defineOperation } from '../app.js';
import { checkPrecedence, describeGroup, requireGroup } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { GroupRecord } from '../store/records.js';

// Only the members given change; one left out keeps its value (docs/decisions.md, "UpdateGroup").
export default defineOperation({ name: 'UpdateGroup', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  checkPrecedence(input.Precedence);
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const group = await requireGroup(ctx.app, pool, input.GroupName);
  const updated: GroupRecord = {
    ...group,
    description: input.Description ?? group.description,
    roleArn: input.RoleArn ?? group.roleArn,
    precedence: input.Precedence ?? group.precedence,
    updatedAt: ctx.app.clock.now(),
  };
  if (!(await ctx.app.store.groups.update(updated))) throw errors.groupNotFound('deleted meanwhile');
  return { Group: describeGroup(updated) };
});
