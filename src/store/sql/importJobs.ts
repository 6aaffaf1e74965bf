import type { ImportJobRepository, ImportedUser, Page } from '../store.js';
import type { ImportJobRecord, ImportJobStatus, ImportRow } from '../records.js';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { bool, json, num, optNum, optStr, orNull, parse } from './rows.js';
import { lockPool } from './locks.js';
import { page } from './pools.js';
import { aliasKey, writeSearchRows } from './users.js';

const toJob = (r: Row): ImportJobRecord => ({
  poolId: String(r.pool_id),
  jobId: String(r.job_id),
  jobName: String(r.job_name),
  roleArn: String(r.role_arn),
  status: String(r.status) as ImportJobStatus,
  uploadTokenHash: String(r.upload_token_hash),
  uploadExpiresAt: num(r.upload_expires_at),
  uploaded: optNum(r.uploaded),
  nextChunk: num(r.next_chunk),
  imported: num(r.imported),
  skipped: num(r.skipped),
  failed: num(r.failed),
  completionMessage: optStr(r.completion_message),
  createdAt: num(r.created_at),
  startedAt: optNum(r.started_at),
  completedAt: optNum(r.completed_at),
});

const COLUMNS: Partial<Record<keyof ImportJobRecord, string>> = {
  uploaded: 'uploaded',
  nextChunk: 'next_chunk',
  imported: 'imported',
  skipped: 'skipped',
  failed: 'failed',
  completionMessage: 'completion_message',
  startedAt: 'started_at',
  completedAt: 'completed_at',
};

/** Whether a username (or its folded form) or any alias of the user is taken in the pool. */
async function taken(tx: SqlExecutor, imported: ImportedUser): Promise<boolean> {
  const { user } = imported;
  // One indexed lookup each (an OR across columns would scan the pool's users); the sub is new and unique.
  const holder =
    (await tx.get(`SELECT 1 AS x FROM users WHERE pool_id = ? AND username = ?`, [user.poolId, user.username])) ??
    (user.foldedUsername === undefined
      ? undefined
      : await tx.get(`SELECT 1 AS x FROM users WHERE pool_id = ? AND username_folded = ?`, [user.poolId, user.foldedUsername]));
  if (holder) return true;
  for (const alias of imported.aliases) {
    const aliasHolder = await tx.get(`SELECT 1 AS x FROM user_aliases WHERE pool_id = ? AND kind = ? AND value = ?`, [
      user.poolId,
      alias.kind,
      aliasKey(alias),
    ]);
    if (aliasHolder) return true;
  }
  return false;
}

export class SqlImportJobs implements ImportJobRepository {
  constructor(private readonly db: SqlDriver) {}

  async create(j: ImportJobRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO user_import_jobs (pool_id, job_id, job_name, role_arn, status, upload_token_hash, upload_expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [j.poolId, j.jobId, j.jobName, j.roleArn, j.status, j.uploadTokenHash, j.uploadExpiresAt, j.createdAt],
    );
  }

  async get(poolId: string, jobId: string): Promise<ImportJobRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM user_import_jobs WHERE pool_id = ? AND job_id = ?`, [poolId, jobId]);
    return row && toJob(row);
  }

  async list(poolId: string, limit: number, after?: string): Promise<Page<ImportJobRecord>> {
    // job ids start with their creation time, so newest first is descending job id.
    const rows =
      after === undefined
        ? await this.db.all(`SELECT * FROM user_import_jobs WHERE pool_id = ? ORDER BY job_id DESC LIMIT ?`, [poolId, limit + 1])
        : await this.db.all(`SELECT * FROM user_import_jobs WHERE pool_id = ? AND job_id < ? ORDER BY job_id DESC LIMIT ?`, [
            poolId,
            after,
            limit + 1,
          ]);
    return page(rows, limit, toJob, (r) => String(r.job_id));
  }

  async beginUpload(jobId: string, tokenHash: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        `UPDATE user_import_jobs SET uploaded = NULL WHERE job_id = ? AND status = 'Created' AND upload_token_hash = ?`,
        [jobId, tokenHash],
      );
      if (changed === 0) return false;
      await tx.run(`DELETE FROM user_import_chunks WHERE job_id = ?`, [jobId]);
      return true;
    });
  }

  async addChunk(jobId: string, seq: number, rows: ImportRow[]): Promise<void> {
    await this.db.run(
      `INSERT INTO user_import_chunks (job_id, seq, rows) VALUES (?, ?, ?) ON CONFLICT (job_id, seq) DO UPDATE SET rows = excluded.rows`,
      [jobId, seq, json(rows)],
    );
  }

  async finishUpload(jobId: string, tokenHash: string, rows: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE user_import_jobs SET uploaded = ? WHERE job_id = ? AND status = 'Created' AND upload_token_hash = ?`,
      [rows, jobId, tokenHash],
    );
    return changed > 0;
  }

  async countCreated(poolId: string): Promise<number> {
    const row = await this.db.get(`SELECT COUNT(*) AS n FROM user_import_jobs WHERE pool_id = ? AND status = 'Created'`, [poolId]);
    return num(row?.n ?? 0);
  }

  async chunk(jobId: string, seq: number): Promise<ImportRow[] | undefined> {
    const row = await this.db.get(`SELECT rows FROM user_import_chunks WHERE job_id = ? AND seq = ?`, [jobId, seq]);
    return row && parse<ImportRow[]>(row.rows);
  }

  async transition(
    poolId: string,
    jobId: string,
    from: ImportJobStatus[],
    to: ImportJobStatus,
    fields: Partial<ImportJobRecord> = {},
  ): Promise<boolean> {
    const sets = ['status = ?'];
    const params: SqlValue[] = [to];
    for (const [key, value] of Object.entries(fields)) {
      const column = COLUMNS[key as keyof ImportJobRecord];
      if (!column) continue;
      sets.push(`${column} = ?`);
      params.push(value as SqlValue);
    }
    const changed = await this.db.run(
      `UPDATE user_import_jobs SET ${sets.join(', ')} WHERE pool_id = ? AND job_id = ? AND status IN (${from.map(() => '?').join(', ')})`,
      [...params, poolId, jobId, ...from],
    );
    if (changed > 0 && ['Stopped', 'Expired', 'Failed', 'Succeeded'].includes(to)) {
      await this.db.run(`DELETE FROM user_import_chunks WHERE job_id = ?`, [jobId]);
    }
    return changed > 0;
  }

  async anotherRunning(poolId: string, jobId: string): Promise<boolean> {
    const row = await this.db.get(
      `SELECT 1 AS x FROM user_import_jobs WHERE pool_id = ? AND job_id <> ? AND status IN ('Pending', 'InProgress', 'Stopping')`,
      [poolId, jobId],
    );
    return row !== undefined;
  }

  async claim(poolId: string, jobId: string, now: number, until: number): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE user_import_jobs SET status = 'InProgress', lease_until = ?
       WHERE pool_id = ? AND job_id = ? AND status IN ('Pending', 'InProgress') AND lease_until < ?`,
      [until, poolId, jobId, now],
    );
    return changed > 0;
  }

  async importChunk(
    poolId: string,
    jobId: string,
    seq: number,
    users: ImportedUser[],
    failedRows: number,
    until: number,
  ): Promise<number[] | undefined> {
    return this.db.transaction(async (tx) => {
      // Users of one pool are written one import chunk at a time, and never beside a concurrent sign-up's check.
      if (!(await lockPool(tx, poolId))) return undefined;
      const job = await tx.get(`SELECT status, next_chunk FROM user_import_jobs WHERE pool_id = ? AND job_id = ?`, [poolId, jobId]);
      if (!job || job.status !== 'InProgress' || num(job.next_chunk) !== seq) return undefined;
      const refused: number[] = [];
      let imported = 0;
      for (const entry of users) {
        if (await taken(tx, entry)) {
          refused.push(entry.line);
          continue;
        }
        const { user } = entry;
        await tx.run(
          `INSERT INTO users (pool_id, username, username_folded, sub, status, enabled, attributes, password, preferences, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
          [user.poolId, user.username, orNull(user.foldedUsername), user.sub, user.status, bool(user.enabled), json(user.attributes), json(user.preferences), user.createdAt, user.updatedAt],
        );
        for (const alias of entry.aliases) {
          await tx.run(`INSERT INTO user_aliases (pool_id, kind, value, username) VALUES (?, ?, ?, ?)`, [poolId, alias.kind, aliasKey(alias), user.username]);
        }
        await writeSearchRows(tx, user);
        imported += 1;
      }
      await tx.run(
        `UPDATE user_import_jobs SET next_chunk = ?, imported = imported + ?, failed = failed + ?, lease_until = ? WHERE pool_id = ? AND job_id = ?`,
        [seq + 1, imported, failedRows + refused.length, until, poolId, jobId],
      );
      return refused;
    });
  }

  async abandoned(now: number): Promise<ImportJobRecord[]> {
    const rows = await this.db.all(`SELECT * FROM user_import_jobs WHERE status IN ('Pending', 'InProgress', 'Stopping') AND lease_until < ?`, [now]);
    return rows.map(toJob);
  }

  async expire(before: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        `DELETE FROM user_import_chunks WHERE job_id IN (SELECT job_id FROM user_import_jobs WHERE status = 'Created' AND created_at < ?)`,
        [before],
      );
      return tx.run(`UPDATE user_import_jobs SET status = 'Expired' WHERE status = 'Created' AND created_at < ?`, [before]);
    });
  }
}
