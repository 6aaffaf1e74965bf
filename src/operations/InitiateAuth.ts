import { defineOperation } from '../app.js';
import { initiate } from '../auth/initiate.js';
import { noteEndUser } from '../risk/assess.js';
import { requireClientAndPool } from '../pools/lookup.js';

export default defineOperation({ name: 'InitiateAuth', quota: 'UserAuthentication', authEvent: 'SignIn' }, async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx.app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  noteEndUser(ctx, client, input);
  return initiate(ctx, pool, client, input, false);
});
