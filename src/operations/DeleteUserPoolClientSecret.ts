import { defineOperation } from '../app.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteUserPoolClientSecret', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  const outcome = await ctx.app.store.clients.deleteSecret(pool.id, client.clientId, input.ClientSecretId);
  if (outcome === 'no-client') throw errors.clientNotFound(client.clientId);
  if (outcome === 'no-secret') throw errors.clientSecretNotFound(input.ClientSecretId);
  if (outcome === 'last') throw errors.lastClientSecret();
  return {};
});
