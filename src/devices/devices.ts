// Users' remembered devices: the DeviceType Cognito answers, and the lookups every device operation shares.
import { createHmac, randomUUID } from 'node:crypto';
import type { AttributeType, DeviceType, NewDeviceMetadataType } from '../protocol/shapes.generated.js';
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import { poolRegion } from '../pools/webauthn.js';
import type { DeviceRecord, PoolRecord, UserRecord } from '../store/records.js';

/** ListDevices' Limit at most, as the model's constraint. */
export const MAX_DEVICES_PAGE = 60;

export function describeDevice(device: DeviceRecord): DeviceType {
  const attributes: AttributeType[] = [{ Name: 'device_status', Value: device.status }];
  if (device.deviceName !== undefined) attributes.push({ Name: 'device_name', Value: device.deviceName });
  if (device.lastIpUsed !== undefined) attributes.push({ Name: 'last_ip_used', Value: device.lastIpUsed });
  return {
    DeviceKey: device.deviceKey,
    DeviceAttributes: attributes,
    DeviceCreateDate: new Date(device.createdAt),
    DeviceLastModifiedDate: new Date(device.updatedAt),
    DeviceLastAuthenticatedDate: new Date(device.lastAuthenticatedAt),
  };
}

/** One page of the user's devices (ListDevices, AdminListDevices), its token bound to the user. */
export async function listDevices(app: App, user: UserRecord, limit: number | undefined, paginationToken: string | undefined) {
  const scope = `devices\n${user.poolId}\n${user.sub}`;
  const after = decodeNextToken(app.serverSecret, scope, paginationToken);
  const page = await app.store.devices.list(user.poolId, user.username, limit || MAX_DEVICES_PAGE, after);
  return { Devices: page.items.map(describeDevice), PaginationToken: encodeNextToken(app.serverSecret, scope, page.next) };
}

export async function requireDevice(app: App, user: UserRecord, deviceKey: string): Promise<DeviceRecord> {
  const device = await app.store.devices.get(user.poolId, user.username, deviceKey);
  if (!device) throw errors.deviceNotFound();
  return device;
}

export async function forgetDevice(app: App, user: UserRecord, deviceKey: string): Promise<void> {
  if (!(await app.store.devices.delete(user.poolId, user.username, deviceKey))) throw errors.deviceNotFound();
}

export async function updateDeviceStatus(app: App, user: UserRecord, deviceKey: string, status: string | undefined): Promise<void> {
  const remembered = status === 'remembered' ? 'remembered' : 'not_remembered';
  if (!(await app.store.devices.setStatus(user.poolId, user.username, deviceKey, remembered, app.clock.now()))) throw errors.deviceNotFound();
}

/** Device tracking is on when the pool has a DeviceConfiguration ("Always" or "User opt-in" in Cognito's console). */
export const tracksDevices = (pool: PoolRecord): boolean => pool.settings.DeviceConfiguration !== undefined;

/**
 * The device group key of a device key: derived from it with the server's secret, so that
 * ConfirmDevice finds the group key NewDeviceMetadata gave without storing unconfirmed keys.
 */
export const deviceGroupKeyOf = (app: App, deviceKey: string): string =>
  `-${createHmac('sha256', app.serverSecret.key('device groups')).update(deviceKey).digest('base64url').replace(/[-_]/g, '').slice(0, 9)}`;

/** The NewDeviceMetadata of a sign-in of a pool that tracks devices: a fresh `<region>_<uuid>` key and its group key. */
export function newDeviceMetadata(app: App, pool: PoolRecord): NewDeviceMetadataType {
  const DeviceKey = `${poolRegion(pool.id)}_${randomUUID()}`;
  return { DeviceKey, DeviceGroupKey: deviceGroupKeyOf(app, DeviceKey) };
}

/**
 * Whether a sign-in that names this device skips MFA: a remembered device of a pool whose
 * DeviceConfiguration has ChallengeRequiredOnNewDevice ("a remembered device can sign in with device
 * authentication instead of SMS and TOTP factors", API reference). Device SRP then proves the device
 * before any token is issued.
 */
export const rememberedDeviceSkipsMfa = (pool: PoolRecord, device: DeviceRecord | undefined): boolean =>
  pool.settings.DeviceConfiguration?.ChallengeRequiredOnNewDevice === true && device?.status === 'remembered' && device.poolId === pool.id;
