import { defineOperation } from '../app.js';
import { describeDevice, requireDevice } from '../devices/devices.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'GetDevice', quota: 'UserRead' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken ?? '');
  ctx.note(subject);
  return { Device: describeDevice(await requireDevice(ctx.app, user, input.DeviceKey)) };
});
