import { defineOperation } from '../app.js';
import { requireGroup } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

// Removing a user who is not in the group succeeds and changes nothing (as Cognito answers it).
export default defineOperation({ name: 'AdminRemoveUserFromGroup', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  const group = await requireGroup(ctx.app, pool, input.GroupName);
  await ctx.app.store.groups.removeMember(pool.id, group.groupName, user.username);
  return {};
});
