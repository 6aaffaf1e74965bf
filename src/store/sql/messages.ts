import type { CodeRepository, ConsumeOutcome, OutboxRepository } from '../store.js';
import type { CodeRecord, OutboxMessage } from '../records.js';
import type { Row, SqlDriver, SqlValue } from './driver.js';
import { num, optStr, orNull } from './rows.js';

const toMessage = (r: Row): OutboxMessage => ({
  id: String(r.id),
  poolId: String(r.pool_id),
  username: String(r.username),
  channel: String(r.channel) as OutboxMessage['channel'],
  destination: String(r.destination),
  purpose: String(r.purpose),
  subject: optStr(r.subject),
  message: String(r.message),
  code: optStr(r.code),
  createdAt: num(r.created_at),
});

const toCode = (r: Row): CodeRecord => ({
  poolId: String(r.pool_id),
  username: String(r.username),
  purpose: String(r.purpose),
  codeHash: String(r.code_hash),
  expiresAt: num(r.expires_at),
  attempts: num(r.attempts),
});

export class SqlOutbox implements OutboxRepository {
  constructor(private readonly db: SqlDriver) {}

  async add(m: OutboxMessage): Promise<void> {
    await this.db.run(
      `INSERT INTO outbox (id, pool_id, username, channel, destination, purpose, subject, message, code, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [m.id, m.poolId, m.username, m.channel, m.destination, m.purpose, orNull(m.subject), m.message, orNull(m.code), m.createdAt],
    );
  }

  async list(filter: { poolId?: string; username?: string; limit: number }): Promise<OutboxMessage[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.poolId) {
      where.push('pool_id = ?');
      params.push(filter.poolId);
    }
    if (filter.username) {
      where.push('username = ?');
      params.push(filter.username);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    params.push(filter.limit);
    return (await this.db.all(`SELECT * FROM outbox ${clause} ORDER BY created_at DESC, id DESC LIMIT ?`, params)).map(
      toMessage,
    );
  }

  async clear(poolId?: string): Promise<number> {
    return poolId ? this.db.run(`DELETE FROM outbox WHERE pool_id = ?`, [poolId]) : this.db.run(`DELETE FROM outbox`);
  }
}

export class SqlCodes implements CodeRepository {
  constructor(private readonly db: SqlDriver) {}

  async put(c: CodeRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO codes (pool_id, username, purpose, code_hash, expires_at, attempts) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (pool_id, username, purpose) DO UPDATE SET code_hash = excluded.code_hash,
         expires_at = excluded.expires_at, attempts = excluded.attempts`,
      [c.poolId, c.username, c.purpose, c.codeHash, c.expiresAt, c.attempts],
    );
  }

  async get(poolId: string, username: string, purpose: string): Promise<CodeRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM codes WHERE pool_id = ? AND username = ? AND purpose = ?`, [
      poolId,
      username,
      purpose,
    ]);
    return row && toCode(row);
  }

  async redeem(
    poolId: string,
    username: string,
    purpose: string,
    codeHash: string,
    at: number,
    // No limit: the largest value PostgreSQL's INTEGER column can be compared with as a parameter.
    maxAttempts = 2 ** 31 - 1,
  ): Promise<ConsumeOutcome<CodeRecord>> {
    // The attempt limit is part of the one statement, so concurrent guesses cannot all slip under it.
    const row = await this.db.get(
      `DELETE FROM codes WHERE pool_id = ? AND username = ? AND purpose = ? AND code_hash = ? AND expires_at > ? AND attempts < ?
       RETURNING *`,
      [poolId, username, purpose, codeHash, at, maxAttempts],
    );
    if (row) return { outcome: 'ok', record: toCode(row) };
    const failed = await this.db.get(
      `UPDATE codes SET attempts = attempts + 1 WHERE pool_id = ? AND username = ? AND purpose = ? RETURNING *`,
      [poolId, username, purpose],
    );
    if (!failed) return { outcome: 'unknown' };
    const record = toCode(failed);
    return record.expiresAt <= at ? { outcome: 'expired', record } : { outcome: 'used', record };
  }
}
