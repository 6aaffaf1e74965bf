import { defineOperation } from '../app.js';
import { authorizePasskeyOwner } from '../passkeys/access.js';
import { userAuthFactors } from '../users/authFactors.js';

export default defineOperation({ name: 'GetUserAuthFactors', quota: 'UserRead' }, async (input, ctx) => {
  const { pool, user } = await authorizePasskeyOwner(ctx, input.AccessToken);
  return userAuthFactors(ctx.app, pool, user);
});
