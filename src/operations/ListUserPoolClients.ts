import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

/** QueryLimit's maximum, when MaxResults is left out. */
const DEFAULT_PAGE = 60;

export default defineOperation({ name: 'ListUserPoolClients', quota: 'UserPoolClientRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const scope = `clients:${pool.id}`;
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.clients.list(pool.id, input.MaxResults ?? DEFAULT_PAGE, after);
  return {
    UserPoolClients: page.items.map((c) => ({ ClientId: c.clientId, UserPoolId: c.poolId, ClientName: c.clientName })),
    NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next),
  };
});
