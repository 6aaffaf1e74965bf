import type { DeviceRepository, Page } from '../store.js';
import type { DeviceRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num, optStr, orNull } from './rows.js';

const toDevice = (r: Row): DeviceRecord => ({
  poolId: String(r.pool_id),
  username: String(r.username),
  deviceKey: String(r.device_key),
  deviceGroupKey: String(r.device_group_key),
  passwordVerifier: String(r.password_verifier),
  salt: String(r.salt),
  deviceName: optStr(r.device_name),
  status: String(r.status) === 'remembered' ? 'remembered' : 'not_remembered',
  lastIpUsed: optStr(r.last_ip_used),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
  lastAuthenticatedAt: num(r.last_authenticated_at),
});

export class SqlDevices implements DeviceRepository {
  constructor(private readonly db: SqlDriver) {}

  async create(d: DeviceRecord): Promise<boolean> {
    const text = 'CAST(? AS TEXT)';
    const time = 'CAST(? AS BIGINT)';
    try {
      // Inserted only while the user exists, in the same statement: a user deleted meanwhile gets none.
      return (
        (await this.db.run(
          `INSERT INTO user_devices (pool_id, username, device_key, device_group_key, password_verifier, salt, device_name,
             status, last_ip_used, created_at, updated_at, last_authenticated_at)
           SELECT ${Array(9).fill(text).join(', ')}, ${time}, ${time}, ${time}
           WHERE EXISTS (SELECT 1 FROM users WHERE pool_id = ? AND username = ?)`,
          [d.poolId, d.username, d.deviceKey, d.deviceGroupKey, d.passwordVerifier, d.salt, orNull(d.deviceName),
            d.status, orNull(d.lastIpUsed), d.createdAt, d.updatedAt, d.lastAuthenticatedAt, d.poolId, d.username],
        )) > 0
      );
    } catch (error) {
      if (this.db.isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async get(poolId: string, username: string, deviceKey: string): Promise<DeviceRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM user_devices WHERE pool_id = ? AND username = ? AND device_key = ?`, [poolId, username, deviceKey]);
    return row && toDevice(row);
  }

  async setStatus(poolId: string, username: string, deviceKey: string, status: DeviceRecord['status'], now: number): Promise<boolean> {
    return (
      (await this.db.run(`UPDATE user_devices SET status = ?, updated_at = ? WHERE pool_id = ? AND username = ? AND device_key = ?`, [
        status, now, poolId, username, deviceKey,
      ])) > 0
    );
  }

  async delete(poolId: string, username: string, deviceKey: string): Promise<boolean> {
    return (await this.db.run(`DELETE FROM user_devices WHERE pool_id = ? AND username = ? AND device_key = ?`, [poolId, username, deviceKey])) > 0;
  }

  async list(poolId: string, username: string, limit: number, after?: string): Promise<Page<DeviceRecord>> {
    const rows = await this.db.all(
      `SELECT * FROM user_devices WHERE pool_id = ? AND username = ? AND device_key > ? ORDER BY device_key LIMIT ?`,
      [poolId, username, after ?? '', limit + 1],
    );
    const items = rows.slice(0, limit).map(toDevice);
    return { items, next: rows.length > limit ? items[items.length - 1]!.deviceKey : undefined };
  }

  async recordSignIn(poolId: string, username: string, deviceKey: string, at: number, ipAddress: string | undefined): Promise<boolean> {
    return (
      (await this.db.run(
        `UPDATE user_devices SET last_authenticated_at = ?, last_ip_used = COALESCE(?, last_ip_used)
         WHERE pool_id = ? AND username = ? AND device_key = ?`,
        [at, orNull(ipAddress), poolId, username, deviceKey],
      )) > 0
    );
  }
}
