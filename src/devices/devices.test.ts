import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeviceRecord, PoolRecord } from '../store/records.js';
import { rememberedDeviceSkipsMfa } from './devices.js';

const pool = (settings: PoolRecord['settings']): PoolRecord => ({ id: 'us-east-1_Pool00001', name: 'p', settings, createdAt: 0, updatedAt: 0 });
const device = (status: DeviceRecord['status'], poolId = 'us-east-1_Pool00001'): DeviceRecord => ({
  poolId,
  username: 'alice',
  deviceKey: 'us-east-1_00000000-0000-4000-8000-000000000000',
  deviceGroupKey: '-group',
  passwordVerifier: 'eA==',
  salt: 'eA==',
  status,
  createdAt: 0,
  updatedAt: 0,
  lastAuthenticatedAt: 0,
});

describe('rememberedDeviceSkipsMfa', () => {
  const tracking = pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } });
  it('skips MFA for a remembered device of a pool that tracks devices', () => {
    assert.equal(rememberedDeviceSkipsMfa(tracking, device('remembered')), true);
  });
  it('asks for MFA without a device, for a device not remembered, one of another pool, or when the pool stopped tracking devices', () => {
    assert.equal(rememberedDeviceSkipsMfa(tracking, undefined), false);
    assert.equal(rememberedDeviceSkipsMfa(tracking, device('not_remembered')), false);
    assert.equal(rememberedDeviceSkipsMfa(tracking, device('remembered', 'us-east-1_Other0001')), false);
    assert.equal(rememberedDeviceSkipsMfa(pool({}), device('remembered')), false);
  });
  it('asks for MFA on a remembered device where the pool does not let devices stand in for it', () => {
    assert.equal(rememberedDeviceSkipsMfa(pool({ DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } }), device('remembered')), false);
    assert.equal(rememberedDeviceSkipsMfa(pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: false } }), device('remembered')), false);
  });
});
