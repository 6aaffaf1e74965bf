// Statements that serve concurrent requests together on PostgreSQL (src/store/sql/turnBatches.ts)
// look up a list of keys, some joining a VALUES list of them to a table. A connection keeps the
// generic plan it makes for each; made while the table is empty and never analyzed, the plan must
// still reach rows through the index, or every batch reads the whole table once it has grown. And
// the generic plan must be one PostgreSQL keeps, or it plans the statement again on every execution.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SqlDriver, SqlValue } from '../../src/store/sql/driver.js';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { SingleUse } from '../../src/store/sql/singleUse.js';
import { rowLookups } from '../../src/store/sql/turnBatches.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../support/postgres.js';

const url = testDatabaseUrl();
const BATCH = 8;

interface Sent {
  sql: string;
  params: SqlValue[];
}

/** `driver`, noting every statement read through `all` (the batched statements are). */
function noting(driver: SqlDriver, sent: Sent[]): SqlDriver {
  return new Proxy(driver, {
    get(target, property) {
      if (property === 'all') {
        return (sql: string, params: SqlValue[] = []) => {
          sent.push({ sql, params });
          return target.all(sql, params);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const literal = (value: SqlValue) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`);

describe('batched statements on PostgreSQL, planned on empty tables', { skip: url ? false : 'KEYPOOL_TEST_DATABASE_URL is not set' }, () => {
  let schema: TestSchema;
  let driver: PgDriver;

  before(async () => {
    schema = await createTestSchema(url!);
    driver = new PgDriver(schema.url, { poolSize: 4 });
    await driver.run(`CREATE TABLE sessions (id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL, consumed_at BIGINT)`);
    await driver.run(`CREATE TABLE members (pool_id TEXT NOT NULL, username TEXT NOT NULL, PRIMARY KEY (pool_id, username))`);
  });
  after(async () => {
    await driver.close();
    await schema.drop();
  });

  /** The generic plan PostgreSQL makes for `statement` now, as a connection keeps it. */
  async function genericPlan({ sql, params }: Sent): Promise<string> {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    return driver.transaction(async (tx) => {
      await tx.run(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await tx.run(`PREPARE batched AS ${text}`);
      const plan = await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE batched(${params.map(literal).join(', ')})`);
      await tx.run(`DEALLOCATE batched`);
      return plan.map((line) => line['QUERY PLAN']).join('\n');
    });
  }

  /** The one statement `ask` sent for BATCH keys asked for in the same turn. */
  async function batchedStatement(ask: (db: SqlDriver) => (n: number) => Promise<unknown>): Promise<Sent> {
    const sent: Sent[] = [];
    const one = ask(noting(driver, sent));
    await Promise.all(Array.from({ length: BATCH }, (_, n) => one(n)));
    const batched = sent.filter((s) => s.params.length >= BATCH);
    assert.equal(batched.length, 1, `expected one statement for ${BATCH} keys, saw ${sent.length}`);
    return batched[0]!;
  }

  it('consumes single-use rows through the key index', async () => {
    const statement = await batchedStatement((db) => {
      const sessions = new SingleUse(db, 'sessions', 'id', (row) => ({ expiresAt: Number(row.expires_at) }));
      return (n) => sessions.consume(`session-${n}`, 1000);
    });
    const plan = await genericPlan(statement);
    assert.doesNotMatch(plan, /Seq Scan on sessions/, plan);
    assert.match(plan, /sessions_pkey/, plan);
  });

  /** How often PostgreSQL planned `statement` for the values at hand and how often it used its generic plan, in `executions`. */
  async function plansMade({ sql, params }: Sent, executions: number): Promise<{ custom: number; generic: number }> {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    return driver.transaction(async (tx) => {
      await tx.run(`PREPARE batched AS ${text}`);
      for (let i = 0; i < executions; i++) await tx.all(`EXECUTE batched(${params.map(literal).join(', ')})`);
      const row = await tx.get(`SELECT custom_plans, generic_plans FROM pg_prepared_statements WHERE name = 'batched'`);
      await tx.run(`DEALLOCATE batched`);
      return { custom: Number(row!.custom_plans), generic: Number(row!.generic_plans) };
    });
  }

  const memberLookups = (db: SqlDriver) => rowLookups(db, 'members', 'username', (row) => row, 'pool_id');

  it('looks rows up by a two-column key through its index', async () => {
    const statement = await batchedStatement((db) => {
      const members = memberLookups(db);
      return (n) => members.get(['pool', `user-${n}`]);
    });
    const plan = await genericPlan(statement);
    assert.doesNotMatch(plan, /Seq Scan on members/, plan);
    assert.match(plan, /members_pkey/, plan);
  });

  it('keeps the generic plan of a two-column lookup once the table has grown', async () => {
    await driver.run(`INSERT INTO members (pool_id, username) SELECT 'pool-' || (i % 3), 'user-' || i FROM generate_series(1, 3000) AS i`);
    await driver.run(`ANALYZE members`);
    const statement = await batchedStatement((db) => {
      const members = memberLookups(db);
      return (n) => members.get(['pool-1', `user-${3 * n + 1}`]);
    });
    // PostgreSQL plans the first five executions for their values, then keeps the generic plan when it is no dearer.
    assert.deepEqual(await plansMade(statement, 8), { custom: 5, generic: 3 });
  });

  it('answers keys of different pools asked in the same turn, each from its own pool', async () => {
    await driver.run(`INSERT INTO members (pool_id, username) VALUES ('pool-a', 'same'), ('pool-b', 'same'), ('pool-b', 'only-b')`);
    const members = memberLookups(driver);
    const found = await Promise.all([
      members.get(['pool-a', 'same']),
      members.get(['pool-b', 'same']),
      members.get(['pool-a', 'only-b']),
      members.get(['pool-b', 'only-b']),
    ]);
    assert.deepEqual(
      found.map((row) => row && `${String(row.pool_id)}/${String(row.username)}`),
      ['pool-a/same', 'pool-b/same', undefined, 'pool-b/only-b'],
    );
  });
});
