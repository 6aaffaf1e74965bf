import type {
  AdminRespondToAuthChallengeCommandInput,
  AdminRespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { respond } from '../auth/respond.js';
import { requireClient, requirePool } from '../pools/lookup.js';

type Output = Omit<AdminRespondToAuthChallengeCommandOutput, '$metadata'>;

export default defineOperation<AdminRespondToAuthChallengeCommandInput, Output>('AdminRespondToAuthChallenge', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const client = await requireClient(ctx, input.ClientId!, pool.id);
  const { AvailableChallenges, ...step } = await respond(ctx, pool, client, input, true);
  void AvailableChallenges;
  return step as Output;
});
