import { defineOperation } from '../app.js';
import { listDevices } from '../devices/devices.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'ListDevices', quota: 'UserRead' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  return listDevices(ctx.app, user, input.Limit, input.PaginationToken);
});
