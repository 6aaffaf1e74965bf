import type {
  AdminGetUserAuthFactorsCommandInput,
  AdminGetUserAuthFactorsCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { userAuthFactors } from '../users/authFactors.js';

type Output = Omit<AdminGetUserAuthFactorsCommandOutput, '$metadata'>;

export default defineOperation<AdminGetUserAuthFactorsCommandInput, Output>('AdminGetUserAuthFactors', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const user = await requireUser(ctx, pool, input.Username!);
  return userAuthFactors(ctx.app, pool, user);
});
