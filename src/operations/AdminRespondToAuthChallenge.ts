import { defineOperation } from '../app.js';
import { respond } from '../auth/respond.js';
import { requireClient, requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'AdminRespondToAuthChallenge', quota: 'UserAuthentication', authEvent: 'SignIn' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, input.ClientId, pool.id);
  const { AvailableChallenges, ...step } = await respond(ctx, pool, client, input, true);
  void AvailableChallenges;
  return step;
});
