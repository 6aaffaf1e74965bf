import { defineOperation } from '../app.js';
import { deviceGroupKeyOf } from '../devices/devices.js';
import { errors } from '../protocol/errors.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'ConfirmDevice', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, subject, claims } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  const verifier = input.DeviceSecretVerifierConfig;
  // The key NewDeviceMetadata gave this sign-in, which its access token carries, and no other.
  if (claims.device_key !== input.DeviceKey) {
    throw errors.deviceNotFound('DeviceKey is not the new device of the access token');
  }
  if (!verifier?.PasswordVerifier || !verifier.Salt) throw errors.deviceVerifierMissing();
  // Cognito remembers a confirmed device at once, unless the pool leaves it to the user (UpdateDeviceStatus).
  const onUserPrompt = pool.settings.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
  const now = ctx.app.clock.now();
  const created = await ctx.app.store.devices.create({
    poolId: user.poolId,
    username: user.username,
    deviceKey: input.DeviceKey,
    deviceGroupKey: deviceGroupKeyOf(ctx.app, input.DeviceKey),
    passwordVerifier: verifier.PasswordVerifier,
    salt: verifier.Salt,
    deviceName: input.DeviceName,
    status: onUserPrompt ? 'not_remembered' : 'remembered',
    lastIpUsed: ctx.sourceIp,
    createdAt: now,
    updatedAt: now,
    lastAuthenticatedAt: now,
  });
  if (!created) throw errors.deviceNotFound('device key already confirmed');
  return { UserConfirmationNecessary: onUserPrompt };
});
