import { join } from 'node:path';
import type { Config } from '../config.js';
import { SqliteDriver } from './sql/sqlite.js';
import { SqlStore } from './sql/store.js';
import type { Store } from './store.js';

/** Opens (and migrates) the store the configuration names: PostgreSQL for a database URL, else SQLite. */
export async function openStore(config: Config, now: number): Promise<Store> {
  if (config.databaseUrl) {
    throw new Error('PostgreSQL is not available in this build; leave out --db to use SQLite.');
  }
  return SqlStore.open(new SqliteDriver(join(config.dataDir, 'keypool.sqlite')), now);
}
