// Row locks for the read-decide-write steps of the store contract (store.ts): a no-op UPDATE takes the
// row's lock in SQL both databases accept, so concurrent steps about one pool, user or client, on any
// node, run one after another. Each answers false when the row does not exist.
import type { SqlExecutor } from './driver.js';

export const lockPool = async (tx: SqlExecutor, poolId: string): Promise<boolean> =>
  (await tx.run(`UPDATE pools SET updated_at = updated_at WHERE id = ?`, [poolId])) > 0;

export const lockUser = async (tx: SqlExecutor, poolId: string, username: string): Promise<boolean> =>
  (await tx.run(`UPDATE users SET updated_at = updated_at WHERE pool_id = ? AND username = ?`, [poolId, username])) > 0;

export const lockClient = async (tx: SqlExecutor, poolId: string, clientId: string): Promise<boolean> =>
  (await tx.run(`UPDATE clients SET updated_at = updated_at WHERE client_id = ? AND pool_id = ?`, [clientId, poolId])) > 0;
