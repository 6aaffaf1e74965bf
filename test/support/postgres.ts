// Throwaway PostgreSQL schemas for tests: each test server or store suite gets a schema of its own
// in the database KEYPOOL_TEST_DATABASE_URL names, reached through a URL whose search_path points at
// it, and dropped afterwards. Schemas rather than databases: creating one is instant and needs no
// CREATEDB right.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const testDatabaseUrl = (): string | undefined => process.env.KEYPOOL_TEST_DATABASE_URL || undefined;

export interface TestSchema {
  /** A URL to the same database whose connections work inside the schema. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const name = `kp_test_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (client) => client.query(`CREATE SCHEMA ${name}`));
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    name,
    drop: () => withClient(baseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => undefined),
  };
}
