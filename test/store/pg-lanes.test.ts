// Statements outside transactions are pipelined on PostgreSQL (src/store/sql/pgLanes.ts): they
// share a connection, each still fails alone, a statement stuck behind a lock holds back no other,
// and a lane whose connection is lost is replaced.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { STALLED_AFTER_MS } from '../../src/store/sql/pgLanes.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../support/postgres.js';

const url = testDatabaseUrl();

/** The backends that answer `n` statements sent at once. */
async function backendsOf(driver: PgDriver, n: number): Promise<Set<number>> {
  const rows = await Promise.all(Array.from({ length: n }, () => driver.get<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)));
  return new Set(rows.map((row) => row!.pid));
}

/** Waits until statements sent at once are answered by one backend (the first lane, once it has connected). */
async function onOneLane(driver: PgDriver): Promise<number> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const backends = await backendsOf(driver, 20);
    if (backends.size === 1) return [...backends][0]!;
    assert.ok(Date.now() < deadline, `statements sent at once still went to ${backends.size} backends`);
    await sleep(20);
  }
}

/** `promise`, or a failure naming `what` if it takes longer than `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  const late = sleep(ms).then(() => Promise.reject(new Error(`${what} took longer than ${ms} ms`)));
  return Promise.race([promise, late]);
}

describe('pipelined statements on PostgreSQL', { skip: url ? false : 'KEYPOOL_TEST_DATABASE_URL is not set' }, () => {
  let schema: TestSchema;
  let driver: PgDriver;
  let admin: PgDriver;

  before(async () => {
    schema = await createTestSchema(url!);
    // 10 connections: two lanes, eight pooled (for transactions, and for statements no lane takes).
    driver = new PgDriver(schema.url, { poolSize: 10 });
    admin = new PgDriver(schema.url, { poolSize: 1 });
    await admin.run(`CREATE TABLE things (id TEXT PRIMARY KEY, n BIGINT NOT NULL)`);
  });
  after(async () => {
    await Promise.all([driver.close(), admin.close()]);
    await schema.drop();
  });

  it('sends statements issued together on one connection', async () => {
    await onOneLane(driver);
  });

  it('fails each statement alone: the others sent with it are answered and committed', async () => {
    await onOneLane(driver);
    await driver.run(`INSERT INTO things (id, n) VALUES (?, ?)`, ['taken', 0]);
    const outcomes = await Promise.allSettled([
      driver.run(`INSERT INTO things (id, n) VALUES (?, ?)`, ['first', 1]),
      driver.run(`INSERT INTO things (id, n) VALUES (?, ?)`, ['taken', 2]),
      driver.run(`INSERT INTO things (id, n) VALUES (?, ?)`, ['third', 3]),
      driver.get(`SELECT n FROM things WHERE id = ?`, ['taken']),
    ]);
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    assert.ok(driver.isUniqueViolation((outcomes[1] as PromiseRejectedResult).reason));
    assert.deepEqual(await admin.all(`SELECT id, n FROM things ORDER BY id`), [
      { id: 'first', n: 1 },
      { id: 'taken', n: 0 },
      { id: 'third', n: 3 },
    ]);
  });

  it('holds back no other statement behind one that waits for a lock', async () => {
    await admin.run(`INSERT INTO things (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING`, ['locked', 0]);
    await onOneLane(driver);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockHeld = new Promise<void>((resolve) => (locked = resolve));
    const holder = admin.transaction(async (tx) => {
      await tx.run(`SELECT n FROM things WHERE id = ? FOR UPDATE`, ['locked']);
      locked();
      await released;
      await tx.run(`UPDATE things SET n = n + 10 WHERE id = ?`, ['locked']);
    });
    await lockHeld;
    const waiting = driver.run(`UPDATE things SET n = n + 1 WHERE id = ?`, ['locked']);
    let waited = false;
    void waiting.then(() => (waited = true));
    await sleep(STALLED_AFTER_MS * 3);
    const others = await within(
      2000,
      'statements sent while another waits for a lock',
      Promise.all(Array.from({ length: 5 }, (_, i) => driver.get<{ n: number }>(`SELECT ? + 0 AS n`, [i]))),
    ).finally(release);
    assert.deepEqual(
      others.map((row) => row!.n),
      [0, 1, 2, 3, 4],
    );
    assert.equal(waited, false, 'the update still waited for the lock');
    await holder;
    assert.equal(await waiting, 1);
    assert.deepEqual(await admin.get(`SELECT n FROM things WHERE id = ?`, ['locked']), { n: 11 });
  });

  it('answers with the new columns when a statement prepared on the lane meets a migration', async () => {
    await onOneLane(driver);
    await admin.run(`CREATE TABLE shapes (id TEXT PRIMARY KEY)`);
    await admin.run(`INSERT INTO shapes (id) VALUES (?)`, ['a']);
    assert.deepEqual(await driver.all(`SELECT * FROM shapes WHERE id = ?`, ['a']), [{ id: 'a' }]);
    await admin.run(`ALTER TABLE shapes ADD COLUMN colour TEXT DEFAULT 'red'`);
    const [one, two] = await Promise.all([driver.all(`SELECT * FROM shapes WHERE id = ?`, ['a']), driver.all(`SELECT * FROM shapes WHERE id = ?`, ['a'])]);
    assert.deepEqual(one, [{ id: 'a', colour: 'red' }]);
    assert.deepEqual(two, [{ id: 'a', colour: 'red' }]);
  });

  it('answers through the pool while its one lane is lost, and opens another', async () => {
    // 4 connections: one lane, three pooled (which answer statements sent at once on several backends).
    const small = new PgDriver(schema.url, { poolSize: 4 });
    try {
      const lane = await onOneLane(small);
      await admin.get(`SELECT pg_terminate_backend(?)`, [lane]);
      while (await admin.get(`SELECT 1 FROM pg_stat_activity WHERE pid = ?`, [lane])) await sleep(10);
      // A statement sent on the lane before its end is seen fails, as it would on a pooled connection.
      await small.get(`SELECT 1`).catch(() => undefined);
      const meanwhile = await Promise.all(Array.from({ length: 10 }, (_, i) => small.get<{ n: number }>(`SELECT ? + 0 AS n`, [i])));
      assert.deepEqual(
        meanwhile.map((row) => row!.n),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
      assert.notEqual(await onOneLane(small), lane);
    } finally {
      await small.close();
    }
  });
});
