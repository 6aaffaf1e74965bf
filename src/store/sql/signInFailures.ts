import type { SignInFactor, SignInFailureRepository } from '../store.js';
import type { SignInFailureRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num } from './rows.js';

const toFailures = (r: Row): SignInFailureRecord => ({ failures: num(r.failures), lastFailureAt: num(r.last_failure_at) });

export class SqlSignInFailures implements SignInFailureRepository {
  constructor(private readonly db: SqlDriver) {}

  async get(poolId: string, username: string, factor: SignInFactor): Promise<SignInFailureRecord | undefined> {
    const row = await this.db.get(
      `SELECT failures, last_failure_at FROM sign_in_failures WHERE pool_id = ? AND username = ? AND factor = ?`,
      [poolId, username, factor],
    );
    return row && toFailures(row);
  }

  async record(poolId: string, username: string, factor: SignInFactor, at: number, forgetBefore: number): Promise<SignInFailureRecord> {
    // One upsert, so that concurrent wrong passwords on any node are all counted.
    const row = await this.db.get(
      `INSERT INTO sign_in_failures (pool_id, username, factor, failures, last_failure_at) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (pool_id, username, factor) DO UPDATE SET
         failures = CASE WHEN sign_in_failures.last_failure_at < ? THEN 1 ELSE sign_in_failures.failures + 1 END,
         last_failure_at = excluded.last_failure_at
       RETURNING failures, last_failure_at`,
      [poolId, username, factor, at, forgetBefore],
    );
    return toFailures(row!);
  }

  async clear(poolId: string, username: string, factor: SignInFactor): Promise<void> {
    await this.db.run(`DELETE FROM sign_in_failures WHERE pool_id = ? AND username = ? AND factor = ?`, [poolId, username, factor]);
  }
}
