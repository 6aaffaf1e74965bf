import type { AttemptKind, AttemptPolicy, AttemptRepository, AttemptReservation } from '../store.js';
import type { AttemptRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num } from './rows.js';

const toAttempts = (r: Row): AttemptRecord => ({ attempts: num(r.attempts), lastAttemptAt: num(r.last_attempt_at) });

/** Counts one attempt at `excluded.last_attempt_at`, afresh when the count was forgotten by then. */
const COUNT_ATTEMPT = `INSERT INTO attempt_counters (pool_id, subject, kind, attempts, last_attempt_at, forget_at) VALUES (?, ?, ?, 1, ?, ?)
  ON CONFLICT (pool_id, subject, kind) DO UPDATE SET
    attempts = CASE WHEN attempt_counters.forget_at < excluded.last_attempt_at THEN 1 ELSE attempt_counters.attempts + 1 END,
    last_attempt_at = excluded.last_attempt_at,
    forget_at = excluded.forget_at`;

/** The doublings after which a lock reaches its maximum: the least d with first·2^d ≥ max. */
const doublingsToMax = (policy: AttemptPolicy): number => Math.max(0, Math.ceil(Math.log2(policy.maxLockMs / policy.firstLockMs)));

export class SqlAttempts implements AttemptRepository {
  constructor(private readonly db: SqlDriver) {}

  async get(poolId: string, subject: string, kind: AttemptKind): Promise<AttemptRecord | undefined> {
    const row = await this.db.get(
      `SELECT attempts, last_attempt_at FROM attempt_counters WHERE pool_id = ? AND subject = ? AND kind = ?`,
      [poolId, subject, kind],
    );
    return row && toAttempts(row);
  }

  async reserve(poolId: string, subject: string, kind: AttemptKind, at: number, policy: AttemptPolicy): Promise<AttemptReservation> {
    // One upsert that counts the attempt only where the row's lock has run out (its WHERE), so that
    // the check and the count cannot be separated by a concurrent attempt on any node. The lock after
    // n attempts is first·2^(n−free), capped: a shift below the cap, the cap from there on.
    const row = await this.db.get(
      `${COUNT_ATTEMPT}
       WHERE attempt_counters.forget_at < excluded.last_attempt_at
         OR attempt_counters.attempts < ?
         OR attempt_counters.last_attempt_at + CASE WHEN attempt_counters.attempts - ? >= ? THEN ?
              ELSE ? * (1 << (attempt_counters.attempts - ?)) END <= excluded.last_attempt_at
       RETURNING attempts, last_attempt_at`,
      [
        poolId,
        subject,
        kind,
        at,
        at + policy.forgetAfterMs,
        policy.freeAttempts,
        policy.freeAttempts,
        doublingsToMax(policy),
        policy.maxLockMs,
        policy.firstLockMs,
        policy.freeAttempts,
      ],
    );
    if (row) return { admitted: true, record: toAttempts(row) };
    // The count as it stands, for the caller's message; a success may have cleared it meanwhile.
    return { admitted: false, record: (await this.get(poolId, subject, kind)) ?? { attempts: 0, lastAttemptAt: at } };
  }

  async clear(poolId: string, subject: string, kind: AttemptKind): Promise<void> {
    await this.db.run(`DELETE FROM attempt_counters WHERE pool_id = ? AND subject = ? AND kind = ?`, [poolId, subject, kind]);
  }
}
