import type { LimitRepository } from '../store.js';
import type { SqlDriver } from './driver.js';
import { num } from './rows.js';

export class SqlLimits implements LimitRepository {
  constructor(private readonly db: SqlDriver) {}

  async list(): Promise<Record<string, number>> {
    const rows = await this.db.all(`SELECT category, rps FROM provisioned_limits`);
    return Object.fromEntries(rows.map((r) => [String(r.category), num(r.rps)]));
  }

  async set(category: string, rps: number, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO provisioned_limits (category, rps, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (category) DO UPDATE SET rps = excluded.rps, updated_at = excluded.updated_at`,
      [category, rps, at],
    );
  }
}
