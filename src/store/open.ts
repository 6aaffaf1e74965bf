import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { PgDriver } from './sql/postgres.js';
import { SqliteDriver } from './sql/sqlite.js';
import { SqlStore } from './sql/store.js';
import type { Store } from './store.js';

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
      throw error;
    }
  }
  return SqlStore.open(new SqliteDriver(join(config.dataDir, 'keypool.sqlite')), now);
}
