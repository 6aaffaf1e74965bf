import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { deleteAttributes } from '../users/deletion.js';

export default defineOperation({ name: 'AdminDeleteUserAttributes', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  await deleteAttributes(ctx.app, pool, user, input.UserAttributeNames, { kind: 'admin' });
  return {};
});
