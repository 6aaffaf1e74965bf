import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

// Users delete themselves with their access token; their tokens, passkeys and codes go with them.
export default defineOperation({ name: 'DeleteUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user } = await authorizeAccessToken(ctx, input.AccessToken);
  await ctx.app.store.users.delete(pool.id, user.username);
  return {};
});
