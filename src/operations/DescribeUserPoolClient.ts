import { defineOperation } from '../app.js';
import { describeClient } from '../pools/clients.js';
import { requireClient, requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeUserPoolClient', quota: 'UserPoolClientRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, input.ClientId, pool.id);
  return { UserPoolClient: describeClient(client) };
});
