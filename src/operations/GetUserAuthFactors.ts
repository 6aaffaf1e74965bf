import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { userAuthFactors } from '../users/authFactors.js';

export default defineOperation({ name: 'GetUserAuthFactors', quota: 'UserRead' }, async (input, ctx) => {
  const authorized = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(authorized.subject);
  const { pool, user } = admitPasskeyOwner(authorized);
  return userAuthFactors(ctx.app, pool, user);
});
