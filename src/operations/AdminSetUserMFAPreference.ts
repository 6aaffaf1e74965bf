import { defineOperation } from '../app.js';
import { setMfaPreference } from '../mfa/preferences.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminSetUserMFAPreference', quota: 'UserUpdate' }, async (input, ctx) => {
  const { UserPoolId, Username, ...preference } = input;
  const pool = await requirePool(ctx.app, UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, Username);
  ctx.note({ user: user.username });
  await setMfaPreference(ctx.app, pool, user, preference);
  return {};
});
