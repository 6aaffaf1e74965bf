// SQLite commits the writes of concurrent requests together (src/store/sql/sqlite.ts). While another
// process holds the database's write lock, the writes issued meanwhile, in later turns of the event
// loop too, wait for the same commit, each keeping its own outcome.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { SqliteDriver } from '../../src/store/sql/sqlite.js';

describe('SQLite group commit', () => {
  let dir: string;
  let node: SqliteDriver;
  let other: SqliteDriver;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keypool-group-commit-'));
    node = new SqliteDriver(join(dir, 'keypool.sqlite'));
    other = new SqliteDriver(join(dir, 'keypool.sqlite'));
    await node.run(`CREATE TABLE things (id TEXT PRIMARY KEY)`);
  });
  after(async () => {
    await Promise.all([node.close(), other.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits the writes issued while another connection holds the lock once, each with its own outcome', async () => {
    await node.run(`INSERT INTO things (id) VALUES (?)`, ['taken']);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holding = other.transaction(async (tx) => {
      await tx.run(`INSERT INTO things (id) VALUES (?)`, ['other']);
      locked();
      await released;
    });
    await lockTaken;

    // node's commits, counted where the driver issues them.
    const connection = (node as unknown as { db: { exec(sql: string): unknown } }).db;
    const exec = connection.exec.bind(connection);
    let commits = 0;
    connection.exec = (sql: string) => {
      if (sql === 'COMMIT') commits++;
      return exec(sql);
    };
    try {
      const insert = (id: string) => node.run(`INSERT INTO things (id) VALUES (?)`, [id]);
      const first = [insert('a'), insert('taken')];
      await sleep(20);
      const later = [insert('b'), node.transaction(async (tx) => tx.run(`INSERT INTO things (id) VALUES (?)`, ['c']))];
      await sleep(20);
      release();
      await holding;
      const outcomes = await Promise.allSettled([...first, ...later]);
      assert.deepEqual(
        outcomes.map((o) => (o.status === 'fulfilled' ? o.value : node.isUniqueViolation(o.reason) ? 'taken' : o.reason)),
        [1, 'taken', 1, 1],
      );
      assert.equal(commits, 1);
    } finally {
      connection.exec = exec;
    }
    const ids = (await node.all<{ id: string }>(`SELECT id FROM things ORDER BY id`)).map((row) => row.id);
    assert.deepEqual(ids, ['a', 'b', 'c', 'other', 'taken']);
  });
});
