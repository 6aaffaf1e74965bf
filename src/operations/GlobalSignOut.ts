import type { GlobalSignOutCommandInput, GlobalSignOutCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

type Output = Omit<GlobalSignOutCommandOutput, '$metadata'>;

/** Revokes every sign-in of the token's user: all their access and refresh tokens are refused afterwards. */
export default defineOperation<GlobalSignOutCommandInput, Output>('GlobalSignOut', async (input, ctx) => {
  const { pool, user } = await authorizeAccessToken(ctx, input.AccessToken!);
  await ctx.app.store.tokens.revokeUser(pool.id, user.username, ctx.app.clock.now());
  return {};
});
