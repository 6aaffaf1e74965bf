import { defineOperation } from '../app.js';
import { updateDeviceStatus } from '../devices/devices.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'UpdateDeviceStatus', quota: 'UserUpdate' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  await updateDeviceStatus(ctx.app, user, input.DeviceKey, input.DeviceRememberedStatus);
  return {};
});
