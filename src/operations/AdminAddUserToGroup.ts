import { defineOperation } from '../app.js';
import { MAX_GROUPS_PER_USER } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import { StoreConflict } from '../store/store.js';
import { requireUser } from '../users/accounts.js';

// A user already in the group is left as they are, and the call succeeds (as Cognito answers it).
export default defineOperation({ name: 'AdminAddUserToGroup', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  const now = ctx.app.clock.now();
  try {
    const outcome = await ctx.app.store.groups.addMember(pool.id, input.GroupName, user.username, MAX_GROUPS_PER_USER, now);
    if (outcome === 'no-user') throw errors.userNotFound('deleted meanwhile');
    if (outcome === 'no-group') throw errors.groupNotFound(`no group ${input.GroupName}`);
  } catch (error) {
    if (error instanceof StoreConflict) throw errors.userGroupLimit(MAX_GROUPS_PER_USER);
    throw error;
  }
  return {};
});
