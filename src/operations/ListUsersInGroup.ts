import { defineOperation } from '../app.js';
import { MAX_GROUPS_PAGE, membersPageScope, requireGroup } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import { describeUser } from '../users/accounts.js';

export default defineOperation({ name: 'ListUsersInGroup', quota: 'UserList' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const group = await requireGroup(ctx.app, pool, input.GroupName);
  const scope = membersPageScope(group);
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.groups.listMembers(pool.id, group.groupName, input.Limit || MAX_GROUPS_PAGE, after);
  return { Users: page.items.map((user) => describeUser(user)), NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
