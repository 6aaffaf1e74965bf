import { defineOperation } from '../app.js';
import { MAX_GROUPS_PAGE, describeGroup, groupsPageScope } from '../groups/groups.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

export default defineOperation({ name: 'ListGroups', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const scope = groupsPageScope(pool);
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.groups.list(pool.id, input.Limit || MAX_GROUPS_PAGE, after);
  return { Groups: page.items.map(describeGroup), NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
