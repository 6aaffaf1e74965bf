import type { Page, ResourceServerRepository } from '../store.js';
import { StoreConflict } from '../store.js';
import type { ResourceServerRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num } from './rows.js';
import { lockPool } from './locks.js';
import { page } from './pools.js';

const toServer = (r: Row): ResourceServerRecord => ({
  poolId: String(r.pool_id),
  identifier: String(r.identifier),
  name: String(r.name),
  scopes: JSON.parse(String(r.scopes)) as ResourceServerRecord['scopes'],
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export class SqlResourceServers implements ResourceServerRepository {
  constructor(private readonly db: SqlDriver) {}

  async create(s: ResourceServerRecord, maxPerPool: number): Promise<boolean> {
    try {
      return await this.db.transaction(async (tx) => {
        // Concurrent creations in one pool are counted one after another.
        if (!(await lockPool(tx, s.poolId))) return false;
        const count = await tx.get(`SELECT COUNT(*) AS n FROM resource_servers WHERE pool_id = ?`, [s.poolId]);
        if (num(count?.n ?? 0) >= maxPerPool) throw new StoreConflict('limit');
        await tx.run(
          `INSERT INTO resource_servers (pool_id, identifier, name, scopes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
          [s.poolId, s.identifier, s.name, JSON.stringify(s.scopes), s.createdAt, s.updatedAt],
        );
        return true;
      });
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new StoreConflict('resource-server');
      throw error;
    }
  }

  async get(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM resource_servers WHERE pool_id = ? AND identifier = ?`, [poolId, identifier]);
    return row && toServer(row);
  }

  async update(s: ResourceServerRecord): Promise<boolean> {
    return (
      (await this.db.run(`UPDATE resource_servers SET name = ?, scopes = ?, updated_at = ? WHERE pool_id = ? AND identifier = ?`, [
        s.name,
        JSON.stringify(s.scopes),
        s.updatedAt,
        s.poolId,
        s.identifier,
      ])) > 0
    );
  }

  async delete(poolId: string, identifier: string): Promise<boolean> {
    return (await this.db.run(`DELETE FROM resource_servers WHERE pool_id = ? AND identifier = ?`, [poolId, identifier])) > 0;
  }

  async list(poolId: string, limit: number, after?: string): Promise<Page<ResourceServerRecord>> {
    const rows = await this.db.all(`SELECT * FROM resource_servers WHERE pool_id = ? AND identifier > ? ORDER BY identifier LIMIT ?`, [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return page(rows, limit, toServer, (r) => String(r.identifier));
  }
}
