import type { Page, PoolDocumentRepository } from '../store.js';
import { StoreConflict } from '../store.js';
import type { PoolDocumentRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num } from './rows.js';
import { page } from './pools.js';

const toDocument = (r: Row): PoolDocumentRecord => ({
  poolId: String(r.pool_id),
  kind: String(r.kind) as PoolDocumentRecord['kind'],
  id: String(r.id),
  clientId: String(r.client_id),
  name: String(r.name),
  body: JSON.parse(String(r.body)) as unknown,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

export class SqlPoolDocuments implements PoolDocumentRepository {
  constructor(private readonly db: SqlDriver) {}

  private async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new StoreConflict('document');
      throw error;
    }
  }

  async create(d: PoolDocumentRecord): Promise<void> {
    await this.unique(() =>
      this.db.run(`INSERT INTO pool_documents (pool_id, kind, id, client_id, name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        d.poolId,
        d.kind,
        d.id,
        d.clientId,
        d.name,
        JSON.stringify(d.body),
        d.createdAt,
        d.updatedAt,
      ]),
    );
  }

  async get(poolId: string, kind: PoolDocumentRecord['kind'], id: string): Promise<PoolDocumentRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM pool_documents WHERE pool_id = ? AND kind = ? AND id = ?`, [poolId, kind, id]);
    return row && toDocument(row);
  }

  async findByClient(poolId: string, kind: PoolDocumentRecord['kind'], clientId: string, name: string): Promise<PoolDocumentRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM pool_documents WHERE pool_id = ? AND kind = ? AND client_id = ? AND name = ?`, [poolId, kind, clientId, name]);
    return row && toDocument(row);
  }

  async update(d: PoolDocumentRecord): Promise<boolean> {
    const changed = await this.unique(() =>
      this.db.run(`UPDATE pool_documents SET name = ?, body = ?, updated_at = ? WHERE pool_id = ? AND kind = ? AND id = ?`, [
        d.name,
        JSON.stringify(d.body),
        d.updatedAt,
        d.poolId,
        d.kind,
        d.id,
      ]),
    );
    return changed > 0;
  }

  async delete(poolId: string, kind: PoolDocumentRecord['kind'], id: string): Promise<boolean> {
    return (await this.db.run(`DELETE FROM pool_documents WHERE pool_id = ? AND kind = ? AND id = ?`, [poolId, kind, id])) > 0;
  }

  async list(poolId: string, kind: PoolDocumentRecord['kind'], limit: number, after?: string): Promise<Page<PoolDocumentRecord>> {
    const rows = await this.db.all(`SELECT * FROM pool_documents WHERE pool_id = ? AND kind = ? AND id > ? ORDER BY id LIMIT ?`, [poolId, kind, after ?? '', limit + 1]);
    return page(rows, limit, toDocument, (r) => String(r.id));
  }
}
