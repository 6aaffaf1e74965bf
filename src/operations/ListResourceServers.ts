import { defineOperation } from '../app.js';
import { describeResourceServer } from '../oauth/resourceServers.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

/** ListResourceServers' MaxResults when left out, and its most. */
const MAX_PAGE = 50;

export default defineOperation({ name: 'ListResourceServers', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const scope = `resource servers\n${pool.id}\n${pool.createdAt}`;
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.resourceServers.list(pool.id, input.MaxResults || MAX_PAGE, after);
  return { ResourceServers: page.items.map(describeResourceServer), NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
