import { defineOperation } from '../app.js';
import { initiate } from '../auth/initiate.js';
import { noteEndUser } from '../risk/assess.js';
import { requireClient, requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'AdminInitiateAuth', quota: 'UserAuthentication', authEvent: 'SignIn' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  noteEndUser(ctx, client, input);
  return initiate(ctx, pool, client, input, true);
});
