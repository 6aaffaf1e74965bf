import type { SecretRepository } from '../store.js';
import type { SqlDriver } from './driver.js';

export class SqlSecrets implements SecretRepository {
  constructor(private readonly db: SqlDriver) {}

  async getOrCreate(name: string, offered: string, at: number): Promise<string> {
    // The no-op update makes RETURNING give the stored row when another node created it first.
    const row = await this.db.get(
      `INSERT INTO installation_secrets (name, value, created_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET name = installation_secrets.name
       RETURNING value`,
      [name, offered, at],
    );
    return String(row!.value);
  }
}
