// A real keypool on port 0 with a fresh SQLite file, and the real AWS SDK client pointed at it.
// With KEYPOOL_TEST_DATABASE_URL set, the store is instead a fresh PostgreSQL schema in that database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ManualClock } from '../../src/clock.js';
import { defaultConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startKeypool, type RunningKeypool } from '../../src/server/keypool.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from './postgres.js';

export interface TestServer {
  keypool: RunningKeypool;
  url: string;
  clock: ManualClock;
  /** The AWS SDK client, with dummy credentials and no retries. */
  cognito: CognitoIdentityProviderClient;
  dataDir: string;
  /** Stops the server; the data folder is kept until `dispose`. */
  stop(): Promise<void>;
  /** Starts a new server on the same data folder (and port), as after a restart. */
  restart(): Promise<TestServer>;
  dispose(): Promise<void>;
}

export function sdkClient(endpoint: string, credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }) {
  return new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint, maxAttempts: 1, credentials });
}

/** The PostgreSQL schema standing in for each data folder, when tests run on PostgreSQL. */
const schemasByDataDir = new Map<string, TestSchema>();

export async function startTestServer(
  overrides: Partial<Config> = {},
  existing?: { dataDir?: string; clock?: ManualClock; schema?: TestSchema },
): Promise<TestServer> {
  const dataDir = existing?.dataDir ?? mkdtempSync(join(tmpdir(), 'keypool-test-'));
  const clock = existing?.clock ?? new ManualClock(Date.now());
  const postgresUrl = overrides.databaseUrl === undefined ? testDatabaseUrl() : undefined;
  // A second server on the same data folder is another node on the same store: the same schema.
  const schema =
    existing?.schema ??
    (existing?.dataDir !== undefined ? schemasByDataDir.get(existing.dataDir) : undefined) ??
    (postgresUrl ? await createTestSchema(postgresUrl) : undefined);
  if (schema) schemasByDataDir.set(dataDir, schema);
  const config = defaultConfig({
    port: 0,
    dataDir,
    logLevel: 'silent',
    ...(schema && { databaseUrl: schema.url, databasePoolSize: 4 }),
    ...overrides,
  });
  const logger = createLogger(process.env.KEYPOOL_TEST_LOG ?? 'silent');
  const keypool = await startKeypool(config, { clock, logger });
  const cognito = sdkClient(keypool.url);
  const server: TestServer = {
    keypool,
    url: keypool.url,
    clock,
    cognito,
    dataDir,
    stop: async () => {
      cognito.destroy();
      await keypool.close();
    },
    restart: async () => {
      await server.stop();
      return startTestServer({ ...overrides, port: keypool.port }, { dataDir, clock, schema });
    },
    dispose: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      schemasByDataDir.delete(dataDir);
      await schema?.drop();
    },
  };
  return server;
}
