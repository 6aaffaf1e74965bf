import { defineOperation } from '../app.js';
import { newClientSecret } from '../ids.js';
import { clientSecretRecord, MAX_CLIENT_SECRETS } from '../pools/clients.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import { StoreConflict } from '../store/store.js';

// A second secret for a confidential client, for rotation without downtime: both are accepted until
// one is deleted. The value is answered only when keypool generated it.
export default defineOperation({ name: 'AddUserPoolClientSecret', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  const newest = client.clientSecrets.at(-1);
  if (!newest) throw errors.publicClientSecret(client.clientId);
  // Ids carry the creation time: a second secret in the same millisecond as the first takes the next one.
  const createdAt = Math.max(ctx.app.clock.now(), newest.createdAt + 1);
  const secret = clientSecretRecord(client.clientId, input.ClientSecret ?? newClientSecret(), createdAt);
  try {
    if (!(await ctx.app.store.clients.addSecret(pool.id, client.clientId, secret, MAX_CLIENT_SECRETS))) {
      throw errors.clientNotFound(client.clientId);
    }
  } catch (error) {
    if (error instanceof StoreConflict) throw errors.clientSecretLimit(MAX_CLIENT_SECRETS);
    throw error;
  }
  return {
    ClientSecretDescriptor: {
      ClientSecretId: secret.id,
      ...(input.ClientSecret === undefined ? { ClientSecretValue: secret.value } : {}),
      ClientSecretCreateDate: new Date(secret.createdAt),
    },
  };
});
