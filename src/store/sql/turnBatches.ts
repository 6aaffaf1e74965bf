// What concurrent requests ask of PostgreSQL in the same turn of the event loop, in one statement:
// there each statement is a round trip and CPU on both sides. SQLite, in-process, answers each
// alone in microseconds and already commits concurrent writes together (sqlite.ts).
import type { Row, SqlDriver, SqlValue } from './driver.js';

/** PostgreSQL takes at most 65,535 parameters in a statement. */
const MAX_PARAMETERS = 65_535;

interface Waiting<K, R> {
  key: K;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * `one(key)` on SQLite; on PostgreSQL the keys asked for in the same turn go to `many(keys)`, which
 * answers them in the same order, and each caller is answered once that statement is done (a write
 * committed, as a statement of its own would be). When the shared statement fails, each key is
 * tried again on its own, so that one that cannot be served (a row whose user was deleted
 * meanwhile, say) fails alone. Given `poolOf`, a statement serves the keys of one pool, which it
 * names once (see poolKeysIn).
 */
export class TurnBatches<K, R> {
  private waiting: Waiting<K, R>[] = [];

  constructor(
    private readonly db: SqlDriver,
    private readonly keysPerStatement: number,
    private readonly one: (key: K) => Promise<R>,
    private readonly many: (keys: K[]) => Promise<R[]>,
    private readonly poolOf?: (key: K) => string,
  ) {}

  get(key: K): Promise<R> {
    if (this.db.dialect !== 'postgres') return this.one(key);
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ key, resolve, reject }) === 1) setImmediate(() => this.sendWaiting());
    });
  }

  private sendWaiting(): void {
    const group = this.waiting.splice(0, this.keysPerStatement);
    if (this.waiting.length > 0) setImmediate(() => this.sendWaiting());
    if (!this.poolOf) return this.send(group);
    const byPool = new Map<string, Waiting<K, R>[]>();
    for (const w of group) {
      const pool = this.poolOf(w.key);
      const together = byPool.get(pool);
      if (together) together.push(w);
      else byPool.set(pool, [w]);
    }
    for (const together of byPool.values()) this.send(together);
  }

  private send(group: Waiting<K, R>[]): void {
    const alone = (w: Waiting<K, R>) => this.one(w.key).then(w.resolve, w.reject);
    if (group.length === 1) return void alone(group[0]!);
    this.many(group.map((w) => w.key)).then(
      (results) => group.forEach((w, i) => w.resolve(results[i]!)),
      () => group.forEach(alone),
    );
  }
}

/** `INSERT INTO table (columns) VALUES (...)`, one row per `add`; concurrent rows in one INSERT on PostgreSQL. */
export class InsertBatches {
  private readonly rows: TurnBatches<SqlValue[], void>;

  constructor(db: SqlDriver, table: string, columns: readonly string[]) {
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    const row = `(${columns.map(() => '?').join(', ')})`;
    const insertOf = perCount((count) => head + Array.from({ length: count }, () => row).join(', '));
    const insert = async (rows: SqlValue[][]): Promise<void[]> => {
      await db.run(insertOf(rows.length), rows.flat());
      return rows.map(() => undefined);
    };
    this.rows = new TurnBatches<SqlValue[], void>(db, Math.floor(MAX_PARAMETERS / columns.length), async (values) => void (await insert([values])), insert);
  }

  add(values: SqlValue[]): Promise<void> {
    return this.rows.get(values);
  }
}

/** Keeps each read's parameters (and PostgreSQL's plans, one per batch size) few. */
export const KEYS_PER_READ = 64;

/**
 * `build(count)`, the text of a batched statement for `count` keys, made once for each count up to
 * KEYS_PER_READ: the same string each time is also looked up (hashed) once, where the driver names
 * it and where the kept rows look for writes.
 */
export function perCount(build: (count: number) => string): (count: number) => string {
  const built: string[] = [];
  return (count) => (count > KEYS_PER_READ ? build(count) : (built[count] ??= build(count)));
}

/**
 * `(VALUES (0, ?, ?), (1, ?, ?), ...) AS k(n, columns...)`: `count` keys of `columns`, each numbered
 * by its place, to join the looked-up rows to (their `k.n` says whose they are). PostgreSQL only:
 * SQLite names no columns of a VALUES list.
 */
export function numberedKeys(count: number, columns: readonly string[]): string {
  const placeholders = columns.map(() => '?').join(', ');
  return `(VALUES ${Array.from({ length: count }, (_, n) => `(${n}, ${placeholders})`).join(', ')}) AS k(n, ${columns.join(', ')})`;
}

/**
 * `t.a IN (?, ...)` for `count` keys. Beside a numberedKeys join it names the keys again, as a
 * restriction on the joined table's own column, which the caller passes again as parameters.
 * Redundant with the join, it keeps PostgreSQL on the table's index: a connection keeps the generic plan it makes for a
 * statement, and one made while the table was empty and never analyzed (as sessions and tokens are
 * on a new database) hashes the whole table for a join of eight keys or more, and goes on doing so
 * once the table has grown.
 */
export function keysIn(qualifiedColumn: string, count: number): string {
  return `${qualifiedColumn} IN (${Array.from({ length: count }, () => '?').join(', ')})`;
}

/**
 * `t.pool_id = ? AND t.username IN (?, ...)`: the keys of one pool (TurnBatches' `poolOf`). Naming
 * the pool once keeps the statement on a generic plan: with the pairs listed instead
 * (`(t.pool_id, t.username) IN ((?, ?), ...)`), PostgreSQL's generic plan looks dearer than one made
 * for the values at hand, so it planned such a statement again on every execution.
 */
export function poolKeysIn(poolColumn: string, keyColumn: string, count: number): string {
  return `${poolColumn} = ? AND ${keysIn(keyColumn, count)}`;
}

/** The rows of a numbered-keys statement, grouped by their key's place (the `key_number` column). */
export function rowsByKey<T>(count: number, rows: Row[], convert: (row: Row) => T): T[][] {
  const grouped = Array.from({ length: count }, (): T[] => []);
  for (const row of rows) grouped[Number(row.key_number)]!.push(convert(row));
  return grouped;
}

/**
 * The row of `table` whose `column` equals a key, as `toRecord` makes it, or undefined; with a
 * `poolColumn`, keys are [pool, value] and the value is unique within its pool. On PostgreSQL the
 * keys asked for in the same turn (of one pool) are one SELECT, its rows matched to keys by value.
 */
export function rowLookups<T>(
  db: SqlDriver,
  table: string,
  column: string,
  toRecord: (row: Row) => T,
  poolColumn?: string,
): TurnBatches<SqlValue[], T | undefined> {
  const valueOf = (key: SqlValue[]) => String(key[key.length - 1]);
  const where = poolColumn ? `${poolColumn} = ? AND ${column} = ?` : `${column} = ?`;
  const lookup = perCount((count) => `SELECT * FROM ${table} WHERE ${poolColumn ? poolKeysIn(poolColumn, column, count) : keysIn(column, count)}`);
  return new TurnBatches(
    db,
    KEYS_PER_READ,
    async (key) => {
      const row = await db.get(`SELECT * FROM ${table} WHERE ${where}`, key);
      return row && toRecord(row);
    },
    async (keys) => {
      const values = keys.map(valueOf);
      const rows = await db.all(lookup(keys.length), poolColumn ? [String(keys[0]![0]), ...values] : values);
      const found = new Map(rows.map((row) => [String(row[column]), row]));
      return values.map((value) => {
        const row = found.get(value);
        return row && toRecord(row);
      });
    },
    poolColumn ? (key) => String(key[0]) : undefined,
  );
}
