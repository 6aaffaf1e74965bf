import type { SoftwareTokenRepository } from '../store.js';
import type { SoftwareTokenRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num, optNum, optStr, orNull } from './rows.js';

const toSoftwareToken = (r: Row): SoftwareTokenRecord => ({
  poolId: String(r.pool_id),
  username: String(r.username),
  secret: optStr(r.secret),
  pendingSecret: optStr(r.pending_secret),
  friendlyName: optStr(r.friendly_name),
  lastUsedStep: optNum(r.last_used_step),
  associatedAt: num(r.associated_at),
  verifiedAt: optNum(r.verified_at),
});

export class SqlSoftwareTokens implements SoftwareTokenRepository {
  constructor(private readonly db: SqlDriver) {}

  async get(poolId: string, username: string): Promise<SoftwareTokenRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM software_tokens WHERE pool_id = ? AND username = ?`, [poolId, username]);
    return row && toSoftwareToken(row);
  }

  async associate(poolId: string, username: string, pendingSecret: string, at: number): Promise<boolean> {
    // Inserted only while the user exists, in the same statement; an existing row keeps its verified key.
    return (
      (await this.db.run(
        `INSERT INTO software_tokens (pool_id, username, pending_secret, associated_at)
         SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT)
         WHERE EXISTS (SELECT 1 FROM users WHERE pool_id = ? AND username = ?)
         ON CONFLICT (pool_id, username) DO UPDATE SET pending_secret = excluded.pending_secret, associated_at = excluded.associated_at`,
        [poolId, username, pendingSecret, at, poolId, username],
      )) > 0
    );
  }

  async verify(poolId: string, username: string, pendingSecret: string, friendlyName: string | undefined, step: number, at: number): Promise<boolean> {
    return (
      (await this.db.run(
        `UPDATE software_tokens SET secret = pending_secret, pending_secret = NULL, friendly_name = ?, last_used_step = ?, verified_at = ?
         WHERE pool_id = ? AND username = ? AND pending_secret = ?`,
        [orNull(friendlyName), step, at, poolId, username, pendingSecret],
      )) > 0
    );
  }

  async useStep(poolId: string, username: string, step: number): Promise<boolean> {
    return (
      (await this.db.run(
        `UPDATE software_tokens SET last_used_step = ?
         WHERE pool_id = ? AND username = ? AND secret IS NOT NULL AND (last_used_step IS NULL OR last_used_step < ?)`,
        [step, poolId, username, step],
      )) > 0
    );
  }
}
