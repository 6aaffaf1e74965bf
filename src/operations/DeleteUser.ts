import type { DeleteUserCommandInput, DeleteUserCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

type Output = Omit<DeleteUserCommandOutput, '$metadata'>;

// Users delete themselves with their access token; their tokens, passkeys and codes go with them.
export default defineOperation<DeleteUserCommandInput, Output>('DeleteUser', async (input, ctx) => {
  const { pool, user } = await authorizeAccessToken(ctx, input.AccessToken!);
  await ctx.app.store.users.delete(pool.id, user.username);
  return {};
});
