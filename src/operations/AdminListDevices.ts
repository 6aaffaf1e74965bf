import { defineOperation } from '../app.js';
import { listDevices } from '../devices/devices.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminListDevices', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  return listDevices(ctx.app, user, input.Limit, input.PaginationToken);
});
