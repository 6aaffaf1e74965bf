import { defineOperation } from '../app.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteUserPoolClient', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, input.ClientId, pool.id);
  if (!(await ctx.app.store.clients.delete(pool.id, client.clientId))) throw errors.clientNotFound(client.clientId);
  return {};
});
