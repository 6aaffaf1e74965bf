import { defineOperation } from '../app.js';
import { initiate } from '../auth/initiate.js';
import { requireClient, requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'AdminInitiateAuth', quota: 'UserAuthentication', authEvent: 'SignIn' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, input.ClientId, pool.id);
  return initiate(ctx, pool, client, input, true);
});
