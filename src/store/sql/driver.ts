// The little a store needs from a SQL database. Statements are written once, with `?` placeholders,
// in the SQL that SQLite (3.35+) and PostgreSQL share: INSERT ... ON CONFLICT, UPDATE/DELETE ...
// RETURNING, BIGINT epoch milliseconds, TEXT for JSON and base64url, INTEGER 0/1 for booleans.

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface SqlExecutor {
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` as one transaction: all of it commits or none of it does. `work` must only await
   * the executor it is given (no network, no timers), so that SQLite can serialize it.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs `work` so that no other process migrates the same database at the same time (nodes that
   * start together). SQLite, a file of one process, runs it directly.
   */
  withMigrationLock<T>(work: () => Promise<T>): Promise<T>;
  /**
   * A number that moves whenever another connection (another process or node) commits a change to
   * pools or app clients, the rows nodes keep (src/store/sql/memory.ts); undefined while the driver
   * cannot tell, and then nothing is kept.
   */
  changesElsewhere(): number | undefined;
  /** True when an error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
