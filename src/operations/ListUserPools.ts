import type { ListUserPoolsCommandInput, ListUserPoolsCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

type Output = Omit<ListUserPoolsCommandOutput, '$metadata'>;

const SCOPE = 'pools';

export default defineOperation<ListUserPoolsCommandInput, Output>('ListUserPools', async (input, ctx) => {
  const after = decodeNextToken(SCOPE, input.NextToken);
  const page = await ctx.app.store.pools.list(input.MaxResults!, after);
  return {
    UserPools: page.items.map((pool) => ({
      Id: pool.id,
      Name: pool.name,
      LambdaConfig: pool.settings.LambdaConfig ?? {},
      CreationDate: new Date(pool.createdAt),
      LastModifiedDate: new Date(pool.updatedAt),
    })),
    NextToken: encodeNextToken(SCOPE, page.next),
  };
});
