import type {
  RespondToAuthChallengeCommandInput,
  RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { respond } from '../auth/respond.js';
import { requireClientAndPool } from '../pools/lookup.js';

type Output = Omit<RespondToAuthChallengeCommandOutput, '$metadata'>;

export default defineOperation<RespondToAuthChallengeCommandInput, Output>('RespondToAuthChallenge', async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx, input.ClientId!);
  const { AvailableChallenges, ...step } = await respond(ctx, pool, client, input, false);
  void AvailableChallenges;
  return step as Output;
});
