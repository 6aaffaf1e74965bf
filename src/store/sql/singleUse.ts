// Single-use records (sign-in sessions, registration challenges): consumed once, whoever races, and
// a later attempt told why it fails. On PostgreSQL the consumptions concurrent requests ask for in
// the same turn share one UPDATE (turnBatches.ts).
import type { ConsumeOutcome } from '../store.js';
import type { Row, SqlDriver } from './driver.js';
import { KEYS_PER_READ, keysIn, perCount, rowsByKey, TurnBatches } from './turnBatches.js';

type Consumable = { expiresAt: number; consumedAt?: number };

export class SingleUse<T extends Consumable> {
  private readonly consumptions: TurnBatches<[string, number], ConsumeOutcome<T>>;
  private readonly consumeStatement = perCount(
    (count) => `UPDATE ${this.table} AS t SET consumed_at = k.at
       FROM (VALUES ${Array.from({ length: count }, (_, n) => `(${n}, ?, CAST(? AS BIGINT))`).join(', ')}) AS k(n, key, at)
       WHERE t.${this.keyColumn} = k.key AND ${keysIn(`t.${this.keyColumn}`, count)} AND t.consumed_at IS NULL AND t.expires_at > k.at
       RETURNING k.n AS key_number, t.*`,
  );

  constructor(
    private readonly db: SqlDriver,
    private readonly table: string,
    private readonly keyColumn: string,
    private readonly toRecord: (row: Row) => T,
  ) {
    this.consumptions = new TurnBatches(db, KEYS_PER_READ, ([key, at]) => this.consumeAlone(key, at), (keys) => this.consumeTogether(keys));
  }

  /** Marks `key` consumed at `at` unless it was already, or has expired; else says which, or that it is unknown. */
  consume(key: string, at: number): Promise<ConsumeOutcome<T>> {
    return this.consumptions.get([key, at]);
  }

  private async consumeAlone(key: string, at: number): Promise<ConsumeOutcome<T>> {
    const row = await this.db.get(
      `UPDATE ${this.table} SET consumed_at = ? WHERE ${this.keyColumn} = ? AND consumed_at IS NULL AND expires_at > ? RETURNING *`,
      [at, key, at],
    );
    return row ? { outcome: 'ok', record: this.toRecord(row) } : this.whyNot(key);
  }

  /**
   * Each key with its own time. A key asked twice in the batch is consumed by one of them (PostgreSQL
   * updates a row once per statement, whatever joins it): the other hears it was used.
   */
  private async consumeTogether(keys: [string, number][]): Promise<ConsumeOutcome<T>[]> {
    const rows = await this.db.all(this.consumeStatement(keys.length), [...keys.flat(), ...keys.map(([key]) => key)]);
    const consumed = rowsByKey(keys.length, rows, this.toRecord);
    return Promise.all(keys.map(([key], n) => (consumed[n]![0] ? { outcome: 'ok' as const, record: consumed[n]![0] } : this.whyNot(key))));
  }

  private async whyNot(key: string): Promise<ConsumeOutcome<T>> {
    const existing = await this.db.get(`SELECT * FROM ${this.table} WHERE ${this.keyColumn} = ?`, [key]);
    if (!existing) return { outcome: 'unknown' };
    const record = this.toRecord(existing);
    return record.consumedAt !== undefined ? { outcome: 'used', record } : { outcome: 'expired', record };
  }
}
