import { defineOperation } from '../app.js';
import { respond } from '../auth/respond.js';
import { noteEndUser } from '../risk/assess.js';
import { requireClient, requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'AdminRespondToAuthChallenge', quota: 'UserAuthentication', authEvent: 'SignIn' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  noteEndUser(ctx, client, input);
  const { AvailableChallenges, ...step } = await respond(ctx, pool, client, input, true);
  void AvailableChallenges;
  return step;
});
