import { defineOperation } from '../app.js';
import { describeDevice, requireDevice } from '../devices/devices.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminGetDevice', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  return { Device: describeDevice(await requireDevice(ctx.app, user, input.DeviceKey)) };
});
