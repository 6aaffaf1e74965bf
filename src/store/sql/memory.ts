// Pools and app clients kept by this node between requests. Nearly every request reads its pool (and
// sign-ins their app client), and each is kilobytes of settings that change once in a while, so a
// read is kept until something may have changed it (so is whether a pool has any group, which every
// sign-in would otherwise ask with its user's groups):
// - this node's own writes to those tables (seen here, in every statement the store issues) forget
//   everything, when issued and again when done, so that a read overtaken by a write is not kept;
// - a change committed by another process or node moves the driver's `changesElsewhere` number
//   (on SQLite a version the tables' triggers move, read when data_version, asked once per turn of
//   the event loop, shows another connection's commit; on PostgreSQL the count of the triggers'
//   notifications), which forgets everything;
// - where the driver cannot tell (PostgreSQL while its listening connection is down), nothing is kept.
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';

// Anywhere in the statement, so that a write inside a WITH is seen too; a false alarm only costs a read.
const WRITES_KEPT_TABLES = /\b(?:insert\s+into|update|delete\s+from)\s+(?:pools|clients|user_groups)\b/i;

export class KeptRows {
  private readonly kept = new Map<string, object>();
  /** Moves with each of this node's writes to the kept tables. */
  private generation = 0;
  private elsewhere: number | undefined;

  constructor(private readonly db: SqlDriver) {}

  /** The row under `key` as kept, or as `read` finds it now (and then kept, frozen). */
  async get<T extends object>(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    const seen = this.db.changesElsewhere();
    if (seen === undefined) return read();
    if (seen !== this.elsewhere) {
      // Reads under way may predate that change: they are not kept either.
      this.forget();
      this.elsewhere = seen;
    }
    const known = this.kept.get(key);
    if (known) return known as T;
    const generation = this.generation;
    // What is read is at least as new as `seen`: a change elsewhere meanwhile moves the number,
    // which forgets it at the next read.
    const row = await read();
    if (row && generation === this.generation) this.kept.set(key, Object.freeze(row));
    return row;
  }

  private forget(): void {
    this.generation++;
    this.kept.clear();
  }

  /** `db` as the store uses it: the same statements, with writes to the kept tables forgetting what was kept. */
  watch(db: SqlDriver): SqlDriver {
    const rows = this;
    const watched = (executor: SqlExecutor, onWrite: () => void): SqlExecutor => {
      const statement = <T>(sql: string, execute: () => Promise<T>): Promise<T> => {
        if (!WRITES_KEPT_TABLES.test(sql)) return execute();
        onWrite();
        return execute().finally(() => rows.forget());
      };
      return {
        all: <T extends Row>(sql: string, params?: SqlValue[]) => statement(sql, () => executor.all<T>(sql, params)),
        get: <T extends Row>(sql: string, params?: SqlValue[]) => statement(sql, () => executor.get<T>(sql, params)),
        run: (sql: string, params?: SqlValue[]) => statement(sql, () => executor.run(sql, params)),
      };
    };
    const outside = watched(db, () => this.forget());
    return {
      dialect: db.dialect,
      ...outside,
      async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        let wrote = false;
        try {
          return await db.transaction((tx) =>
            work(
              watched(tx, () => {
                wrote = true;
                rows.forget();
              }),
            ),
          );
        } finally {
          // After the commit (or rollback): a read begun while the transaction was open is not kept.
          if (wrote) rows.forget();
        }
      },
      withMigrationLock: (work) => db.withMigrationLock(work),
      changesElsewhere: () => db.changesElsewhere(),
      isUniqueViolation: (error) => db.isUniqueViolation(error),
      close: () => db.close(),
    };
  }
}
