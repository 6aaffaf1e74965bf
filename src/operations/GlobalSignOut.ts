import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

/** Revokes every sign-in of the token's user: all their access and refresh tokens are refused afterwards. */
export default defineOperation({ name: 'GlobalSignOut', quota: 'UserToken' }, async (input, ctx) => {
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  await ctx.app.store.tokens.revokeUser(pool.id, user.username, ctx.app.clock.now());
  return {};
});
