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
 * meanwhile, say) fails alone.
 */
export class TurnBatches<K, R> {
  private waiting: Waiting<K, R>[] = [];

  constructor(
    private readonly db: SqlDriver,
    private readonly keysPerStatement: number,
    private readonly one: (key: K) => Promise<R>,
    private readonly many: (keys: K[]) => Promise<R[]>,
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
    const insert = async (rows: SqlValue[][]): Promise<void[]> => {
      await db.run(head + rows.map(() => row).join(', '), rows.flat());
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
 * `(VALUES (0, ?, ?), (1, ?, ?), ...) AS k(n, columns...)`: `count` keys of `columns`, each numbered
 * by its place, to join the looked-up rows to (their `k.n` says whose they are). PostgreSQL only:
 * SQLite names no columns of a VALUES list.
 */
export function numberedKeys(count: number, columns: readonly string[]): string {
  const placeholders = columns.map(() => '?').join(', ');
  return `(VALUES ${Array.from({ length: count }, (_, n) => `(${n}, ${placeholders})`).join(', ')}) AS k(n, ${columns.join(', ')})`;
}

/**
 * `t.a IN (?, ...)` or `(t.a, t.b) IN ((?, ?), ...)` for `count` keys: the keys of a numberedKeys
 * join again, as a restriction on the joined table's own columns (`qualifiedColumns`), which the
 * caller passes again as parameters. Redundant with the join, it keeps PostgreSQL on the table's
 * index: a connection keeps the generic plan it makes for a statement, and one made while the table
 * was empty and never analyzed (as sessions and tokens are on a new database) hashes the whole table
 * for a join of eight keys or more, and goes on doing so once the table has grown.
 */
export function keysIn(qualifiedColumns: readonly string[], count: number): string {
  const [target, tuple] =
    qualifiedColumns.length === 1 ? [qualifiedColumns[0]!, '?'] : [`(${qualifiedColumns.join(', ')})`, `(${qualifiedColumns.map(() => '?').join(', ')})`];
  return `${target} IN (${Array.from({ length: count }, () => tuple).join(', ')})`;
}

/** The rows of a numbered-keys statement, grouped by their key's place (the `key_number` column). */
export function rowsByKey<T>(count: number, rows: Row[], convert: (row: Row) => T): T[][] {
  const grouped = Array.from({ length: count }, (): T[] => []);
  for (const row of rows) grouped[Number(row.key_number)]!.push(convert(row));
  return grouped;
}

/**
 * The row of `table` whose `columns` equal a key, as `toRecord` makes it, or undefined: on
 * PostgreSQL the keys asked for in the same turn in one SELECT.
 */
export function rowLookups<T>(db: SqlDriver, table: string, columns: readonly string[], toRecord: (row: Row) => T): TurnBatches<SqlValue[], T | undefined> {
  const matching = (prefix: string, other: (column: string) => string) => columns.map((c) => `${prefix}${c} = ${other(c)}`).join(' AND ');
  return new TurnBatches(
    db,
    KEYS_PER_READ,
    async (key) => {
      const row = await db.get(`SELECT * FROM ${table} WHERE ${matching('', () => '?')}`, key);
      return row && toRecord(row);
    },
    async (keys) => {
      const rows = await db.all(
        `SELECT k.n AS key_number, t.* FROM ${numberedKeys(keys.length, columns)} JOIN ${table} t ON ${matching('t.', (c) => `k.${c}`)}
         WHERE ${keysIn(columns.map((c) => `t.${c}`), keys.length)}`,
        [...keys.flat(), ...keys.flat()],
      );
      return rowsByKey(keys.length, rows, toRecord).map(([record]) => record);
    },
  );
}
