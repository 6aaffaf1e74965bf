import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { PgDriver } from './sql/postgres.js';
import { SqliteDriver } from './sql/sqlite.js';
import { SqlStore } from './sql/store.js';
import type { Store } from './store.js';

/** Errors of reaching or logging in to the database rather than of what keypool asked of it. */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '28P01', '28000', '3D000']);

/** An error that says the database could not be reached, naming it (without its password); undefined for other errors. */
function unreachable(error: unknown, databaseUrl: string): Error | undefined {
  const code = (error as { code?: string }).code;
  if (!code || !CONNECTION_ERRORS.has(code)) return undefined;
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return new Error(`cannot reach the PostgreSQL database at ${url.href} (${(error as Error).message}): is it running, and does --db name it?`);
}

/** Opens (and migrates) the store the configuration names: PostgreSQL for a database URL, else SQLite. */
export async function openStore(config: Config, now: number, log?: Logger): Promise<Store> {
  if (config.databaseUrl) {
    const driver = new PgDriver(config.databaseUrl, {
      poolSize: config.databasePoolSize,
      onBackgroundError: (error) => log?.warn({ err: error }, 'database connection lost; it reconnects on demand'),
    });
    try {
      return await SqlStore.open(driver, now);
    } catch (error) {
      await driver.close();
      throw unreachable(error, config.databaseUrl) ?? error;
    }
  }
  return SqlStore.open(new SqliteDriver(join(config.dataDir, 'keypool.sqlite')), now);
}
