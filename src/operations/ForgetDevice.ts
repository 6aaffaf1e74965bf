import { defineOperation } from '../app.js';
import { forgetDevice } from '../devices/devices.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'ForgetDevice', quota: 'UserUpdate' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken ?? '');
  ctx.note(subject);
  await forgetDevice(ctx.app, user, input.DeviceKey);
  return {};
});
