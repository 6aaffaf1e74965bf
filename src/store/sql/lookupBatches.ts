// Lookups that concurrent requests make in the same turn of the event loop, answered by one
// statement on PostgreSQL, where each statement is a round trip and CPU on both sides (the
// counterpart of insertBatches.ts for reads; SQLite answers each in microseconds in-process).
import type { Row, SqlDriver } from './driver.js';

/** Keeps each statement's parameters (and PostgreSQL's plans, one per batch size) few. */
const KEYS_PER_STATEMENT = 64;

interface Waiting<K, R> {
  key: K;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `(VALUES (0, ?, ?), (1, ?, ?), ...) AS k(n, columns...)`: `count` keys of `columns`, each numbered
 * by its place, to join the looked-up rows to (their `k.n` says whose they are).
 */
export function numberedKeys(count: number, columns: readonly string[]): string {
  const placeholders = columns.map(() => '?').join(', ');
  return `(VALUES ${Array.from({ length: count }, (_, n) => `(${n}, ${placeholders})`).join(', ')}) AS k(n, ${columns.join(', ')})`;
}

/** The rows of a numbered-keys statement, grouped by their key's place (the `key_number` column). */
export function rowsByKey<T>(count: number, rows: Row[], convert: (row: Row) => T): T[][] {
  const grouped = Array.from({ length: count }, (): T[] => []);
  for (const row of rows) grouped[Number(row.key_number)]!.push(convert(row));
  return grouped;
}

/**
 * `one(key)` on SQLite; on PostgreSQL the keys asked for in the same turn go to `many(keys)`, which
 * answers them in the same order. A read that fails fails every lookup of its statement.
 */
export class LookupBatches<K, R> {
  private waiting: Waiting<K, R>[] = [];

  constructor(
    private readonly db: SqlDriver,
    private readonly one: (key: K) => Promise<R>,
    private readonly many: (keys: K[]) => Promise<R[]>,
  ) {}

  get(key: K): Promise<R> {
    if (this.db.dialect !== 'postgres') return this.one(key);
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ key, resolve, reject }) === 1) setImmediate(() => this.lookUpWaiting());
    });
  }

  private lookUpWaiting(): void {
    const group = this.waiting.splice(0, KEYS_PER_STATEMENT);
    if (this.waiting.length > 0) setImmediate(() => this.lookUpWaiting());
    const answered = group.length === 1 ? this.one(group[0]!.key).then((result) => [result]) : this.many(group.map((w) => w.key));
    answered.then(
      (results) => group.forEach((w, i) => w.resolve(results[i]!)),
      (error: unknown) => group.forEach((w) => w.reject(error)),
    );
  }
}
