import { defineOperation } from '../app.js';
import { isDeviceKeyOfPool } from '../devices/devices.js';
import { errors } from '../protocol/errors.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'ConfirmDevice', quota: 'UserUpdate' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  const verifier = input.DeviceSecretVerifierConfig;
  if (!isDeviceKeyOfPool(user.poolId, input.DeviceKey)) throw errors.deviceNotFound('device key not of this pool');
  if (!verifier?.PasswordVerifier || !verifier.Salt) throw errors.deviceVerifierMissing();
  const now = ctx.app.clock.now();
  const created = await ctx.app.store.devices.create({
    poolId: user.poolId,
    username: user.username,
    deviceKey: input.DeviceKey,
    deviceGroupKey: `-${input.DeviceKey.slice(input.DeviceKey.indexOf('_') + 1, input.DeviceKey.indexOf('-'))}`,
    passwordVerifier: verifier.PasswordVerifier,
    salt: verifier.Salt,
    deviceName: input.DeviceName,
    status: 'not_remembered',
    lastIpUsed: ctx.sourceIp,
    createdAt: now,
    updatedAt: now,
    lastAuthenticatedAt: now,
  });
  if (!created) throw errors.deviceNotFound('device key already confirmed');
  // Without a pool DeviceConfiguration keypool asks the app to prompt the user before remembering.
  return { UserConfirmationNecessary: true };
});
