import type { GetUserAuthFactorsCommandInput, GetUserAuthFactorsCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { authorizePasskeyOwner } from '../passkeys/access.js';
import { userAuthFactors } from '../users/authFactors.js';

type Output = Omit<GetUserAuthFactorsCommandOutput, '$metadata'>;

export default defineOperation<GetUserAuthFactorsCommandInput, Output>('GetUserAuthFactors', async (input, ctx) => {
  const { pool, user } = await authorizePasskeyOwner(ctx, input.AccessToken!);
  return userAuthFactors(ctx.app, pool, user);
});
