// PostgreSQL through node-postgres: a bounded set of connections shared by every request of this
// node (pipelined lanes for statements outside transactions, pgLanes.ts, and a pool for the rest),
// while other nodes share the same database. Statements keep the store's `?` placeholders
// (translated to $n here), BIGINT and NUMERIC come back as numbers and booleans as 0/1, so rows
// look exactly as they do on SQLite. Reads and writes run at READ COMMITTED: every
// contract-critical write is a single conditional statement, a unique constraint, or takes a row
// lock first (see passkeys.insert).
//
// Failing fast matters more than waiting: a node whose database is gone answers 500 within
// `connectTimeoutMs` instead of queueing requests, and pg.Pool reconnects by itself once it is back.
import pg from 'pg';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { PipelinedLanes } from './pgLanes.js';
import { CHANGES_CHANNEL } from './schema.js';

export interface PgDriverOptions {
  /** Connections this node keeps at most (default 10): up to two pipelined lanes (one per 4), the rest pooled. */
  poolSize?: number;
  /** How long to wait for a connection, new or pooled, before failing (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Server-side limit on one statement (default 10000 ms). */
  statementTimeoutMs?: number;
  /** Told about connection errors that no request is waiting for (an idle client dropped by the server). */
  onBackgroundError?: (error: Error) => void;
}

const UNIQUE_VIOLATION = '23505';
/** A transaction worth running again from the start: it lost a deadlock or a serialization race, or met a statement prepared before a migration. */
const RETRYABLE = new Set(['40P01', '40001', '0A000']);
const TRANSACTION_ATTEMPTS = 3;

const toNumber = (text: string): number => Number(text);
const toFlag = (text: string): number => (text === 't' ? 1 : 0);

/** Per-pool type parsers (rather than pg's process-wide ones): INT8 and NUMERIC as numbers, BOOL as 0/1. */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return toNumber;
    if (oid === pg.types.builtins.BOOL) return toFlag;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * `?` to `$1, $2, ...`. Our statements never put a `?` inside a string literal, so a plain scan is
 * enough; the translation of each distinct statement is cached.
 */
const translated = new Map<string, { text: string; index: number }>();
const TRANSLATIONS_KEPT = 5000;
/**
 * Part of every statement's name. A statement prepared before another node's migration changed the
 * columns it returns fails with "cached plan must not change result type" (0A000); the generation
 * then moves, so that every connection prepares each statement afresh under a new name.
 */
let preparedGeneration = 0;
const STALE_PREPARED_STATEMENT = '0A000';

/** The statement in PostgreSQL's placeholders, and its name while the statements kept are few enough. */
function translation(sql: string): { text: string; name?: string } {
  let known = translated.get(sql);
  if (known === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    if (translated.size >= TRANSLATIONS_KEPT) return { text };
    known = { text, index: translated.size };
    translated.set(sql, known);
  }
  return { text: known.text, name: `kp${preparedGeneration}_${known.index}` };
}

interface Queryable {
  query(query: pg.QueryConfig<SqlValue[]>): Promise<pg.QueryResult>;
}

/**
 * Each distinct statement is prepared once per connection under a name (PostgreSQL then parses and
 * plans it once, not on every call). One met prepared from before a migration is sent again under
 * its new name, or, inside a transaction (which that error ends), the transaction runs again.
 */
function executor(target: Queryable, inTransaction: boolean): SqlExecutor {
  const query = async (sql: string, values: SqlValue[]) => {
    try {
      return await target.query({ ...translation(sql), values });
    } catch (error) {
      if (sqlState(error) !== STALE_PREPARED_STATEMENT) throw error;
      preparedGeneration++;
      if (inTransaction) throw error;
      return target.query({ ...translation(sql), values });
    }
  };
  return {
    all: async <T extends Row>(sql: string, params: SqlValue[] = []) => (await query(sql, params)).rows as T[],
    get: async <T extends Row>(sql: string, params: SqlValue[] = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: SqlValue[] = []) => {
      const result = await query(sql, params);
      // Rows changed, as SQLite's `changes`: a plain SELECT changes none.
      return result.command === 'SELECT' ? 0 : (result.rowCount ?? 0);
    },
  };
}

const sqlState = (error: unknown): string | undefined => (error as { code?: unknown } | null)?.code as string | undefined;

/**
 * An error the server answered (a constraint, a syntax error) leaves the connection usable; any
 * other (a dropped socket, a read timeout) means the connection must not go back to the pool.
 */
const connectionBroken = (error: unknown): Error | undefined =>
  error instanceof pg.DatabaseError ? undefined : (error as Error);

const RELISTEN_AFTER_MS = 1000;

/**
 * A connection of its own that LISTENs for changes other nodes commit to the rows nodes keep
 * (src/store/sql/memory.ts). `version` moves with each change of this schema, and again on every
 * (re)connection, since changes may have gone unheard meanwhile; it is undefined while not listening.
 */
class ChangeListener {
  private client?: pg.Client;
  private heard = 0;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly connectTimeoutMs: number,
  ) {
    void this.listen();
  }

  version(): number | undefined {
    return this.client ? this.heard : undefined;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: this.connectTimeoutMs, application_name: 'keypool changes' });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      const schema = String((await client.query(`SELECT current_schema() AS schema`)).rows[0]?.schema);
      client.on('notification', (message) => {
        if (message.payload === schema) this.heard++;
      });
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (this.closed) return void client.end().catch(() => undefined);
      this.heard++;
      this.client = client;
    } catch {
      this.lost(client);
    }
  }

  private lost(client: pg.Client): void {
    if (this.client !== undefined && this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (!this.closed && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        void this.listen();
      }, RELISTEN_AFTER_MS);
      this.retry.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

export class PgDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly lanes: PipelinedLanes;
  private readonly direct: SqlExecutor;
  private readonly changes: ChangeListener;

  constructor(
    private readonly url: string,
    private readonly options: PgDriverOptions = {},
  ) {
    const statementTimeout = options.statementTimeoutMs ?? 10_000;
    const connections = options.poolSize ?? 10;
    const laneCount = Math.min(2, Math.floor(connections / 4));
    const clientConfig: pg.ClientConfig = {
      connectionString: url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 2000,
      statement_timeout: statementTimeout,
      // A server that stopped answering (not one that refuses) is given up on client-side too.
      query_timeout: statementTimeout + 2000,
      keepAlive: true,
      application_name: 'keypool',
      types,
    };
    this.pool = new pg.Pool({ ...clientConfig, max: connections - laneCount, idleTimeoutMillis: 30_000, idle_in_transaction_session_timeout: 60_000 });
    // Without a listener, an idle client dropped by the server (restart, failover) would crash the
    // process; the pool has already discarded it and opens a fresh one on demand.
    this.pool.on('error', (error) => options.onBackgroundError?.(error));
    this.lanes = new PipelinedLanes(clientConfig, laneCount, options.onBackgroundError);
    this.direct = executor({ query: (config) => this.lanes.query(config) ?? this.onPooledClient(config) }, false);
    this.changes = new ChangeListener(url, options.connectTimeoutMs ?? 2000);
  }

  /** One statement on a pooled connection (pg's own pool.query would drop the connection on any error). */
  private async onPooledClient(config: pg.QueryConfig<SqlValue[]>): Promise<pg.QueryResult> {
    const client = await this.checkOut();
    try {
      return await client.query(config);
    } catch (error) {
      client.broken ??= connectionBroken(error);
      throw error;
    } finally {
      client.checkIn();
    }
  }

  /**
   * A pooled connection for this caller. While it is checked out, a dropped socket is an 'error'
   * event on it (besides failing the query): without a listener it would crash the process.
   */
  private async checkOut(): Promise<pg.PoolClient & { broken?: Error; checkIn(): void }> {
    const client = (await this.pool.connect()) as pg.PoolClient & { broken?: Error; checkIn(): void };
    const onError = (error: Error) => {
      client.broken ??= error;
    };
    client.on('error', onError);
    client.broken = undefined;
    client.checkIn = () => {
      client.removeListener('error', onError);
      client.release(client.broken);
    };
    return client;
  }

  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }

  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }

  run(sql: string, params?: SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  /**
   * BEGIN ... COMMIT on one pooled connection. A failed statement aborts the whole transaction on
   * PostgreSQL, so `work` must not catch a statement's error and carry on. A transaction that loses
   * a deadlock is run again from the start (its work only touches the executor, so it can be).
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.checkOut();
      try {
        await client.query('BEGIN');
        const value = await work(executor(client, true));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection itself failed: do not hand it back to the pool.
          client.broken ??= rollbackError as Error;
        }
        if (attempt < TRANSACTION_ATTEMPTS && RETRYABLE.has(sqlState(error) ?? '')) continue;
        throw error;
      } finally {
        client.checkIn();
      }
    }
  }

  /**
   * Runs `work` (the migrations) while holding a session advisory lock keyed by the current schema,
   * on a connection of its own, so that nodes starting together migrate one after another.
   */
  async withMigrationLock<T>(work: () => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: this.options.connectTimeoutMs ?? 2000 });
    client.on('error', (error) => this.options.onBackgroundError?.(error));
    await client.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_CLASS}, hashtext(coalesce(current_schema(), '')))`);
      return await work();
    } finally {
      // Ending the session releases the lock even if the unlock cannot be sent.
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_CLASS}, hashtext(coalesce(current_schema(), '')))`).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  changesElsewhere(): number | undefined {
    return this.changes.version();
  }

  isUniqueViolation(error: unknown): boolean {
    return sqlState(error) === UNIQUE_VIOLATION;
  }

  async close(): Promise<void> {
    await this.changes.close();
    await this.lanes.close();
    if (!this.pool.ended) await this.pool.end();
  }
}

/** The first key of keypool's advisory locks ("kp" in ASCII), the second being the schema. */
const MIGRATION_LOCK_CLASS = 0x6b70;
