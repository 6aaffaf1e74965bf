import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { updateAttributes } from '../users/updates.js';

export default defineOperation({ name: 'AdminUpdateUserAttributes', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  await updateAttributes(ctx, pool, user, input.UserAttributes, { kind: 'admin' });
  return {};
});
