import { defineOperation } from '../app.js';
import { MAX_GROUPS_PAGE, describeGroup, userGroupsPageScope } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import { requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminListGroupsForUser', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  const scope = userGroupsPageScope(user);
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.groups.listForUser(pool.id, user.username, input.Limit || MAX_GROUPS_PAGE, after);
  return { Groups: page.items.map(describeGroup), NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
