import { defineOperation } from '../app.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteUserPoolClient', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  if (!(await ctx.app.store.clients.delete(pool.id, client.clientId))) throw errors.clientNotFound(client.clientId);
  return {};
});
