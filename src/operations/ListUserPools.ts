import { defineOperation } from '../app.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

const SCOPE = 'pools';

export default defineOperation({ name: 'ListUserPools', quota: 'UserPoolRead' }, async (input, ctx) => {
  const after = decodeNextToken(ctx.app.serverSecret, SCOPE, input.NextToken);
  const page = await ctx.app.store.pools.list(input.MaxResults, after);
  return {
    UserPools: page.items.map((pool) => ({
      Id: pool.id,
      Name: pool.name,
      LambdaConfig: pool.settings.LambdaConfig ?? {},
      CreationDate: new Date(pool.createdAt),
      LastModifiedDate: new Date(pool.updatedAt),
    })),
    NextToken: encodeNextToken(ctx.app.serverSecret, SCOPE, page.next),
  };
});
