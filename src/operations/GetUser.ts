import type { GetUserCommandInput, GetUserCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { describeUserDetails } from '../users/accounts.js';

type Output = Omit<GetUserCommandOutput, '$metadata'>;

export default defineOperation<GetUserCommandInput, Output>('GetUser', async (input, ctx) => {
  const { user } = await authorizeAccessToken(ctx, input.AccessToken!);
  return describeUserDetails(user);
});
