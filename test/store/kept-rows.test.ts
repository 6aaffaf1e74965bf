// Pools and app clients (and whether a pool has groups) kept between requests
// (src/store/sql/memory.ts): kept while nothing changed them, read again after this node's own change
// at once, and after another node's (another SQLite connection, another PostgreSQL driver) once its
// commit is seen; nothing kept while PostgreSQL's changes cannot be heard.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { ClientRecord, GroupRecord, PoolRecord, UserRecord } from '../../src/store/records.js';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { SqliteDriver } from '../../src/store/sql/sqlite.js';
import { SqlStore } from '../../src/store/sql/store.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../support/postgres.js';

const NOW = 1_760_000_000_000;

const poolRecord = (): PoolRecord => ({ id: `us-east-1_${randomUUID().slice(0, 8)}`, name: 'kept', settings: { MfaConfiguration: 'OFF' }, createdAt: NOW, updatedAt: NOW });
const clientRecord = (poolId: string): ClientRecord => ({
  poolId,
  clientId: randomUUID().replace(/-/g, '').slice(0, 26),
  clientName: 'kept',
  clientSecrets: [],
  settings: { RefreshTokenValidity: 30 },
  createdAt: NOW,
  updatedAt: NOW,
});

const userRecord = (poolId: string): UserRecord => ({
  poolId,
  username: `user-${randomUUID().slice(0, 8)}`,
  sub: randomUUID(),
  status: 'CONFIRMED',
  enabled: true,
  attributes: {},
  preferences: {},
  createdAt: NOW,
  updatedAt: NOW,
});
const groupRecord = (poolId: string, groupName: string): GroupRecord => ({ poolId, groupName, createdAt: NOW, updatedAt: NOW });

/** Polls until `check` holds (another node's change arrives by notification), failing after two seconds. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('not so within two seconds');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Waits until `read` answers the same kept object twice, a tenth of a second apart: kept, and still
 * kept once the news of the changes before it (on PostgreSQL, notifications, this node's own
 * included) has certainly arrived.
 */
const settledKept = (read: () => Promise<object | undefined>) =>
  eventually(async () => {
    const first = await read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return first !== undefined && first === (await read());
  });

function keptRowsContract(open: () => Promise<{ node: SqlStore; other: SqlStore; seesOthersAtOnce: boolean; dispose(): Promise<void> }>) {
  let node: SqlStore;
  let other: SqlStore;
  let seesOthersAtOnce: boolean;
  let dispose: () => Promise<void>;
  before(async () => ({ node, other, seesOthersAtOnce, dispose } = await open()));
  after(() => dispose());

  it('keeps a pool and a client once read, and reads them again after its own change at once', async () => {
    const pool = poolRecord();
    const client = clientRecord(pool.id);
    await node.pools.create(pool, []);
    await node.clients.create(client);
    await settledKept(() => node.pools.get(pool.id));
    await settledKept(() => node.clients.get(client.clientId));
    const kept = await node.pools.get(pool.id);
    assert.ok(Object.isFrozen(kept));
    assert.equal(await node.clients.get(client.clientId), await node.clients.get(client.clientId));

    assert.equal(await node.pools.update({ ...pool, name: 'renamed', updatedAt: NOW + 1 }), true);
    assert.equal((await node.pools.get(pool.id))?.name, 'renamed');
    assert.equal(await node.clients.update({ ...client, clientName: 'renamed', updatedAt: NOW + 1 }), true);
    assert.equal((await node.clients.get(client.clientId))?.clientName, 'renamed');
    await node.pools.changeSettings(pool.id, (settings) => ({ ...settings, MfaConfiguration: 'OPTIONAL' }));
    assert.equal((await node.pools.get(pool.id))?.settings.MfaConfiguration, 'OPTIONAL');
    assert.equal(await node.pools.delete(pool.id), true);
    assert.equal(await node.pools.get(pool.id), undefined);
    assert.equal(await node.clients.get(client.clientId), undefined, 'the client went with its pool');
  });

  it('keeps them while other nodes change other things', async () => {
    const pool = poolRecord();
    await other.pools.create(pool, []);
    await settledKept(() => node.pools.get(pool.id));
    const kept = await node.pools.get(pool.id);
    await other.secrets.getOrCreate(`unrelated-${randomUUID()}`, 'value', NOW);
    assert.equal(await node.pools.get(pool.id), kept);
  });

  it("reads a kept pool and client again once another node's change is committed", async () => {
    const pool = poolRecord();
    const client = clientRecord(pool.id);
    await other.pools.create(pool, []);
    await other.clients.create(client);
    assert.equal((await node.pools.get(pool.id))?.name, 'kept');
    assert.equal((await node.clients.get(client.clientId))?.clientName, 'kept');

    await other.pools.update({ ...pool, name: 'changed elsewhere', updatedAt: NOW + 1 });
    await other.clients.update({ ...client, clientName: 'changed elsewhere', updatedAt: NOW + 1 });
    if (seesOthersAtOnce) {
      assert.equal((await node.pools.get(pool.id))?.name, 'changed elsewhere');
      assert.equal((await node.clients.get(client.clientId))?.clientName, 'changed elsewhere');
    }
    await eventually(async () => (await node.pools.get(pool.id))?.name === 'changed elsewhere');
    await eventually(async () => (await node.clients.get(client.clientId))?.clientName === 'changed elsewhere');
    await other.pools.delete(pool.id);
    await eventually(async () => (await node.pools.get(pool.id)) === undefined && (await node.clients.get(client.clientId)) === undefined);
  });

  it("knows a pool's first group and its members at once on this node, and once another node's is committed", async () => {
    const pool = poolRecord();
    await other.pools.create(pool, []);
    const user = userRecord(pool.id);
    await other.users.create(user, []);
    const groupsOf = async (store: SqlStore) => (await store.groups.listForUser(pool.id, user.username, 10)).items.map((g) => g.groupName);
    // Read (and kept) while the pool has no group.
    assert.deepEqual(await groupsOf(node), []);
    assert.deepEqual(await groupsOf(node), []);

    await other.groups.create(groupRecord(pool.id, 'elsewhere'), 10);
    assert.equal(await other.groups.addMember(pool.id, 'elsewhere', user.username, 100, NOW), 'added');
    if (seesOthersAtOnce) assert.deepEqual(await groupsOf(node), ['elsewhere']);
    await eventually(async () => (await groupsOf(node)).includes('elsewhere'));

    assert.equal(await other.groups.delete(pool.id, 'elsewhere'), true);
    await eventually(async () => (await groupsOf(node)).length === 0);
    await node.groups.create(groupRecord(pool.id, 'here'), 10);
    assert.equal(await node.groups.addMember(pool.id, 'here', user.username, 100, NOW), 'added');
    assert.deepEqual(await groupsOf(node), ['here']);
  });
}

describe('kept pools and clients on SQLite (two connections, as two worker processes)', () => {
  keptRowsContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keypool-kept-'));
    const file = join(dir, 'keypool.sqlite');
    const node = await SqlStore.open(new SqliteDriver(file), NOW);
    const other = await SqlStore.open(new SqliteDriver(file), NOW);
    return {
      node,
      other,
      seesOthersAtOnce: true,
      dispose: async () => {
        await Promise.all([node.close(), other.close()]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});

const postgresUrl = testDatabaseUrl();
describe('kept pools and clients on PostgreSQL (two drivers, as two nodes)', { skip: postgresUrl ? false : 'KEYPOOL_TEST_DATABASE_URL is not set' }, () => {
  let schema: TestSchema;
  keptRowsContract(async () => {
    schema = await createTestSchema(postgresUrl!);
    const node = await SqlStore.open(new PgDriver(schema.url, { poolSize: 2 }), NOW);
    const other = await SqlStore.open(new PgDriver(schema.url, { poolSize: 2 }), NOW);
    return {
      node,
      other,
      seesOthersAtOnce: false,
      dispose: async () => {
        await Promise.all([node.close(), other.close()]);
        await schema.drop();
      },
    };
  });

  it('keeps nothing while its listening connection is down, and keeps again once it is back', async () => {
    const node = await SqlStore.open(new PgDriver(schema.url, { poolSize: 2 }), NOW);
    const other = await SqlStore.open(new PgDriver(schema.url, { poolSize: 2 }), NOW);
    const admin = new pg.Client({ connectionString: schema.url });
    await admin.connect();
    try {
      const pool = poolRecord();
      await other.pools.create(pool, []);
      await settledKept(() => node.pools.get(pool.id));
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'keypool changes' AND pid <> pg_backend_pid()`);
      // Whatever was kept is not trusted once the connection is lost: a change made now is read at once.
      await eventually(async () => (await node.pools.get(pool.id)) !== (await node.pools.get(pool.id)));
      await other.pools.update({ ...pool, name: 'changed unheard', updatedAt: NOW + 1 });
      assert.equal((await node.pools.get(pool.id))?.name, 'changed unheard');
      // Listening again (after a second), it keeps again, and hears changes again.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await settledKept(() => node.pools.get(pool.id));
      await other.pools.update({ ...pool, name: 'heard again', updatedAt: NOW + 2 });
      await eventually(async () => (await node.pools.get(pool.id))?.name === 'heard again');
    } finally {
      await admin.end();
      await Promise.all([node.close(), other.close()]);
    }
  });
});
