// PostgreSQL statements are prepared once per connection (src/store/sql/postgres.ts). A statement
// prepared before another node's migration changed the columns it returns must still answer, inside
// a transaction or not, with the new columns.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../support/postgres.js';

const url = testDatabaseUrl();

describe('statements prepared before a migration', { skip: url ? false : 'KEYPOOL_TEST_DATABASE_URL is not set' }, () => {
  let schema: TestSchema;
  let node: PgDriver;
  let migrating: PgDriver;

  before(async () => {
    schema = await createTestSchema(url!);
    // One connection, so that the second call meets the statement the first one prepared.
    node = new PgDriver(schema.url, { poolSize: 1 });
    migrating = new PgDriver(schema.url, { poolSize: 1 });
  });
  after(async () => {
    await Promise.all([node.close(), migrating.close()]);
    await schema.drop();
  });

  it('answers with the new columns, outside a transaction and inside one', async () => {
    await migrating.run(`CREATE TABLE things (id TEXT PRIMARY KEY)`);
    await migrating.run(`INSERT INTO things (id) VALUES (?)`, ['a']);
    assert.deepEqual(await node.all(`SELECT * FROM things WHERE id = ?`, ['a']), [{ id: 'a' }]);
    assert.deepEqual(await node.transaction((tx) => tx.all(`SELECT * FROM things`)), [{ id: 'a' }]);

    await migrating.run(`ALTER TABLE things ADD COLUMN colour TEXT DEFAULT 'red'`);
    assert.deepEqual(await node.all(`SELECT * FROM things WHERE id = ?`, ['a']), [{ id: 'a', colour: 'red' }]);

    await migrating.run(`ALTER TABLE things ADD COLUMN size TEXT DEFAULT 'small'`);
    assert.deepEqual(await node.transaction((tx) => tx.all(`SELECT * FROM things`)), [{ id: 'a', colour: 'red', size: 'small' }]);
  });
});
