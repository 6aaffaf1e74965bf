import { defineOperation } from '../app.js';
import { MAX_DEVICES_PAGE, describeDevice, devicesPageScope } from '../devices/devices.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'ListDevices', quota: 'UserRead' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  const scope = devicesPageScope(user);
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.PaginationToken);
  const page = await ctx.app.store.devices.list(user.poolId, user.username, input.Limit || MAX_DEVICES_PAGE, after);
  return { Devices: page.items.map(describeDevice), PaginationToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
