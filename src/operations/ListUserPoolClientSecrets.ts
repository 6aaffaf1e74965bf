import { defineOperation } from '../app.js';
import { requireClient, requirePool } from '../pools/lookup.js';

// At most two secrets: one page holds them all. Values are never listed.
export default defineOperation({ name: 'ListUserPoolClientSecrets', quota: 'UserPoolClientRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  return {
    ClientSecrets: client.clientSecrets.map((secret) => ({
      ClientSecretId: secret.id,
      ClientSecretCreateDate: new Date(secret.createdAt),
    })),
  };
});
