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
   * A number that moves whenever another connection commits to the database, so that what this
   * node read before may be kept until it moves; undefined where the driver cannot tell (PostgreSQL,
   * whose other nodes commit unseen), and then nothing is kept.
   */
  commitsElsewhere(): number | undefined;
  /** True when an error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  close(): Promise<void>;
}
