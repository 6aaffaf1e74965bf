import { defineOperation } from '../app.js';
import { MAX_DEVICES_PAGE, describeDevice, devicesPageScope } from '../devices/devices.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import { requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminListDevices', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  const scope = devicesPageScope(user);
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.PaginationToken);
  const page = await ctx.app.store.devices.list(user.poolId, user.username, input.Limit || MAX_DEVICES_PAGE, after);
  return { Devices: page.items.map(describeDevice), PaginationToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
