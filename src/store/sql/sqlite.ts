// SQLite through better-sqlite3: synchronous calls behind the async driver interface. WAL journal
// with synchronous=NORMAL: a committed write survives a killed process (the WAL is written before
// the answer); only a power loss can take the last transactions. A transaction is serialized with
// every other statement on the connection by a queue, because better-sqlite3 cannot keep a
// transaction open across an await while other requests run. WAL checkpoints (and their syncs) run
// on a worker thread (sqliteCheckpointer.ts); SQLite's own automatic checkpoint stays as a backstop.
// Writes, single statements and transactions alike, are committed in groups (see `write`): a commit,
// not a statement, is what costs in WAL mode.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';

const CHECKPOINT_EVERY_MS = 100;
/** How long a statement waits for another process's lock before it fails. */
const BUSY_TIMEOUT_MS = 5000;
// The database holds signing keys and password verifiers: what keypool creates, only its own user may
// read. SQLite gives the -wal and -shm files the database file's mode.
const PRIVATE_DIRECTORY = 0o700;
const PRIVATE_FILE = 0o600;

interface PendingWrite {
  /** A statement, run at once; or, for a transaction, its work, run with the executor of transactions. */
  execute: (tx: SqlExecutor) => unknown;
  transaction: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Makes the folder of the database and its missing parents, one by one: node's recursive mkdirSync
 * spins forever where a parent cannot take a folder (/proc, say). Fails at once, naming the folder.
 */
function makeDirectory(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return;
    throw new Error(`${dir} is a file, not a folder`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot use the data directory ${dir}: ${(error as Error).message}`);
  }
  const parent = dirname(dir);
  if (parent !== dir) makeDirectory(parent);
  try {
    mkdirSync(dir, { mode: PRIVATE_DIRECTORY });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`cannot create the data directory ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
}

const TRAILING_LIMIT_PARAMETER = /\bLIMIT \?$/;

/**
 * A statement ending in `LIMIT ?` with the limit written in: SQLite plans such a statement again each
 * time it runs (measured: about 12 µs, twenty times the indexed lookup itself), while a statement
 * with its limit written in is compiled once per distinct page size.
 */
function withLiteralLimit(sql: string, params: SqlValue[]): [string, SqlValue[]] {
  const limit = params[params.length - 1];
  if (!Number.isSafeInteger(limit) || !TRAILING_LIMIT_PARAMETER.test(sql)) return [sql, params];
  return [`${sql.slice(0, -1)}${limit as number}`, params.slice(0, -1)];
}

interface Prepared {
  statement: Database.Statement;
  params: SqlValue[];
}

const rowsOf = <T extends Row>(p: Prepared): T[] => p.statement.all(...p.params) as T[];
const rowOf = <T extends Row>(p: Prepared): T | undefined => p.statement.get(...p.params) as T | undefined;

function changesOf(p: Prepared): number {
  if (p.statement.reader) {
    // A write with RETURNING counts the rows it changed (as on PostgreSQL); a SELECT changes none.
    const rows = p.statement.all(...p.params);
    return /^\s*select\b/i.test(p.statement.source) ? 0 : rows.length;
  }
  return p.statement.run(...p.params).changes;
}

export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Transactions run one after another on this chain. */
  private queue: Promise<void> = Promise.resolve();
  /** True while a transaction is open: plain statements wait for it. */
  private inTransaction = false;
  private readonly checkpointer?: Worker;
  private seenDataVersion?: number;
  private keptRowsVersion?: number;
  private changesCheckedThisTurn = false;
  /** Writes of concurrent requests waiting for the next group commit. */
  private pendingWrites: PendingWrite[] = [];

  constructor(file: string) {
    if (file !== ':memory:') {
      makeDirectory(dirname(file));
      // Creates the (empty) file with its mode before SQLite would create it with its default 0644.
      writeFileSync(file, '', { flag: 'a', mode: PRIVATE_FILE });
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (file !== ':memory:') {
      // 10x SQLite's default threshold: reached only if the checkpointer falls behind.
      this.db.pragma('wal_autocheckpoint = 10000');
      this.checkpointer = new Worker(new URL('./sqliteCheckpointer.js', import.meta.url), {
        workerData: { file, everyMs: CHECKPOINT_EVERY_MS },
      });
      this.checkpointer.unref();
      // Should the thread fail, SQLite's automatic checkpoint goes on doing its work.
      this.checkpointer.on('error', () => undefined);
    }
    // From here on a statement that finds the database locked by another process (another worker
    // of `serve --workers`) is retried by unlessBusy, which yields to other requests meanwhile,
    // rather than by SQLite's busy handler, which sleeps and so blocks the whole event loop.
    this.db.pragma('busy_timeout = 0');
  }

  /**
   * Runs `work` until no other process holds the lock it needs. A statement outside any transaction
   * waits, before each attempt, for a transaction this connection may have opened meanwhile.
   */
  private async unlessBusy<T>(work: () => T, outsideTransaction: boolean): Promise<T> {
    const deadline = Date.now() + BUSY_TIMEOUT_MS;
    for (let attempt = 1; ; attempt++) {
      if (outsideTransaction && this.inTransaction) await this.idle();
      try {
        return work();
      } catch (error) {
        if (!String((error as { code?: string } | null)?.code).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
        // The lock is held for a statement's time: first just let other work run, then back off.
        await new Promise((resolve) => (attempt <= 8 ? setImmediate(resolve) : setTimeout(resolve, 1)));
      }
    }
  }

  changesElsewhere(): number | undefined {
    // data_version moves when another connection commits anything; only then is the version of
    // pools and clients (moved by the triggers of migration 21) read again. Asked once per turn of
    // the event loop (each asking is a read transaction of its own, ~8 µs): the requests of one
    // turn see the same version, as if they had all begun when the first did.
    if (this.changesCheckedThisTurn) return this.keptRowsVersion;
    this.changesCheckedThisTurn = true;
    setImmediate(() => (this.changesCheckedThisTurn = false));
    const dataVersion = this.statement('PRAGMA data_version').pluck().get() as number;
    if (dataVersion !== this.seenDataVersion) {
      this.seenDataVersion = dataVersion;
      this.keptRowsVersion = this.statement('SELECT version FROM kept_rows_version WHERE id = 1').pluck().get() as number | undefined;
    }
    return this.keptRowsVersion;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The prepared statement that runs `sql` with `params`, and the parameters left to bind. */
  private prepared(sql: string, params: SqlValue[] = []): Prepared {
    const [text, bound] = withLiteralLimit(sql, params);
    return { statement: this.statement(text), params: bound };
  }

  /** The executor of transactions, which hold the write lock already. */
  private readonly direct: SqlExecutor = {
    all: <T extends Row>(sql: string, params?: SqlValue[]) => this.unlessBusy(() => rowsOf<T>(this.prepared(sql, params)), false),
    get: <T extends Row>(sql: string, params?: SqlValue[]) => this.unlessBusy(() => rowOf<T>(this.prepared(sql, params)), false),
    run: (sql: string, params?: SqlValue[]) => this.unlessBusy(() => changesOf(this.prepared(sql, params)), false),
  };

  private async idle(): Promise<void> {
    while (this.inTransaction) await this.queue;
  }

  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return this.outsideTransaction(sql, params, rowsOf<T>);
  }

  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    return this.outsideTransaction(sql, params, rowOf<T>);
  }

  run(sql: string, params?: SqlValue[]): Promise<number> {
    return this.outsideTransaction(sql, params, changesOf);
  }

  private outsideTransaction<T>(sql: string, params: SqlValue[] | undefined, execute: (p: Prepared) => T): Promise<T> {
    let p: Prepared;
    try {
      p = this.prepared(sql, params);
    } catch (error) {
      return Promise.reject(error);
    }
    return p.statement.readonly ? this.unlessBusy(() => execute(p), true) : this.write(() => execute(p));
  }

  /**
   * A write, committed together with the writes other requests issue in the same turn of the event
   * loop: one commit (one append to the WAL) instead of one each. Each keeps its own outcome: a
   * failing statement (a unique violation) is undone alone, as SQLite undoes a failed statement
   * without ending the transaction, and a failing transaction is undone alone by its savepoint.
   * Every caller is answered only once the commit holding its write is done.
   */
  private write<T>(execute: (tx: SqlExecutor) => T | Promise<T>, transaction = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending = { execute, transaction, resolve: resolve as (value: unknown) => void, reject };
      if (this.pendingWrites.push(pending) === 1) setImmediate(() => this.flushWrites());
    });
  }

  private flushWrites(): void {
    const alone = (w: PendingWrite) =>
      (w.transaction ? this.inOwnTransaction(w.execute) : this.unlessBusy(() => w.execute(this.direct), true)).then(w.resolve, w.reject);
    if (this.pendingWrites.length <= 1) {
      const only = this.pendingWrites.pop();
      if (only) void alone(only);
      return;
    }
    // The group is taken once the write lock is held: the writes issued while another process
    // held it (or while this connection's previous transaction ran) share the same commit.
    let batch: PendingWrite[] = [];
    this.inOwnTransaction(async () => {
      batch = this.pendingWrites;
      this.pendingWrites = [];
      const outcomes: Outcome[] = [];
      for (const w of batch) outcomes.push(w.transaction ? await this.inSavepoint(w.execute) : this.statementInGroup(w.execute));
      return outcomes;
    }).then(
      (outcomes) => outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error))),
      () => {
        // Nothing of the group was committed: each write is tried again on its own, and so are
        // those still waiting when the lock could not be taken.
        if (batch.length === 0) [batch, this.pendingWrites] = [this.pendingWrites, []];
        batch.forEach((w) => void alone(w));
      },
    );
  }

  private statementInGroup(execute: (tx: SqlExecutor) => unknown): Outcome {
    try {
      return { ok: true, value: execute(this.direct) };
    } catch (error) {
      // An error that ended the transaction fails the whole group.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }

  private async inSavepoint(work: (tx: SqlExecutor) => unknown): Promise<Outcome> {
    this.db.exec('SAVEPOINT grouped');
    try {
      const value = await work(this.direct);
      this.db.exec('RELEASE grouped');
      return { ok: true, value };
    } catch (error) {
      if (!this.db.inTransaction) throw error;
      this.db.exec('ROLLBACK TO grouped');
      this.db.exec('RELEASE grouped');
      return { ok: false, error };
    }
  }

  /** `work` must only await the executor it is given (SqlDriver.transaction): it is committed with the writes of its turn. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.write(work, true);
  }

  private inOwnTransaction<T>(work: (tx: SqlExecutor) => T | Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      try {
        // While another process holds the write lock, this one's reads go on: they wait only for a
        // transaction that has begun (whose uncommitted writes they must not see).
        await this.unlessBusy(() => {
          this.db.exec('BEGIN IMMEDIATE');
          this.inTransaction = true;
        }, false);
        const value = await work(this.direct);
        this.db.exec('COMMIT');
        return value;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      } finally {
        this.inTransaction = false;
      }
    });
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  withMigrationLock<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  private checkpointerStopped?: Promise<void>;

  private stopCheckpointer(): Promise<void> {
    return (this.checkpointerStopped ??= this.closeCheckpointer());
  }

  private async closeCheckpointer(): Promise<void> {
    const worker = this.checkpointer;
    // threadId is -1 once the thread has exited (it failed): nothing is left to stop.
    if (!worker || worker.threadId === -1) return;
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      worker.once('message', done);
      worker.once('exit', done);
      worker.once('error', done);
      worker.postMessage('close');
    });
    await worker.terminate();
  }

  isUniqueViolation(error: unknown): boolean {
    const code = (error as { code?: string } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  }

  async close(): Promise<void> {
    if (this.pendingWrites.length > 0) this.flushWrites();
    await this.queue;
    await this.stopCheckpointer();
    if (this.db.open) this.db.close();
  }
}
