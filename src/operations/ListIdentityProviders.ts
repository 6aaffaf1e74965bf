import { defineOperation } from '../app.js';
import { summarizeIdentityProvider } from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

/** ListIdentityProviders' MaxResults when left out (or 0), and its most. */
const MAX_PAGE = 60;

export default defineOperation({ name: 'ListIdentityProviders', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const scope = `identity providers\n${pool.id}\n${pool.createdAt}`;
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.identityProviders.list(pool.id, input.MaxResults || MAX_PAGE, after);
  return { Providers: page.items.map(summarizeIdentityProvider), NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
