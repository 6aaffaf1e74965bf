import { defineOperation } from '../app.js';
import { clientSettings, describeClient } from '../pools/clients.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'UpdateUserPoolClient', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const { UserPoolId, ClientId, ClientName, ...config } = input;
  const pool = await requirePool(ctx, UserPoolId);
  const client = await requireClient(ctx, ClientId, pool.id);
  const updated = {
    ...client,
    clientName: ClientName ?? client.clientName,
    settings: clientSettings(pool, config, 'updating'),
    updatedAt: ctx.app.clock.now(),
  };
  if (!(await ctx.app.store.clients.update(updated))) throw errors.clientNotFound(client.clientId);
  return { UserPoolClient: describeClient(updated) };
});
