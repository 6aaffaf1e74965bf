import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

// Users delete themselves with their access token; their tokens, passkeys and codes go with them.
export default defineOperation({ name: 'DeleteUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  await ctx.app.store.users.delete(pool.id, user.username);
  return {};
});
