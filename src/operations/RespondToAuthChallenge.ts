import { defineOperation } from '../app.js';
import { respond } from '../auth/respond.js';
import { noteEndUser } from '../risk/assess.js';
import { requireClientAndPool } from '../pools/lookup.js';

export default defineOperation({ name: 'RespondToAuthChallenge', quota: 'UserAuthentication', authEvent: 'SignIn' }, async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx.app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  noteEndUser(ctx, client, input);
  const { AvailableChallenges, ...step } = await respond(ctx, pool, client, input, false);
  void AvailableChallenges;
  return step;
});
