import { defineOperation } from '../app.js';
import { describeClient } from '../pools/clients.js';
import { requireClient, requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeUserPoolClient', quota: 'UserPoolClientRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  return { UserPoolClient: describeClient(client) };
});
