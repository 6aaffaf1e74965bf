// Running an import job in the background: the CSV is read back chunk by chunk from the store, each
// chunk's users written in one transaction together with the job's counts and its next chunk, so a
// node that stops mid-import leaves counts that match the users written, and any node resumes the
// job from its next chunk once the lease of the one that ran it has run out.
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../app.js';
import type { ImportedUser } from '../store/store.js';
import { headerProblem } from './header.js';
import { RowRefused, userFromRow } from './rows.js';

/** How long a node holds a job it runs; renewed with every chunk. */
export const IMPORT_LEASE_MS = 60_000;

export const SUCCEEDED_MESSAGE = 'Import Job Completed Successfully.';
export const FAILED_ROWS_MESSAGE = 'Too many users have failed or been skipped during the import.';
export const STOPPED_MESSAGE = 'The user import job was stopped.';

/** The job's own log, one line per failed row (what Cognito writes to CloudWatch Logs). */
export const jobLogPath = (app: App, jobId: string): string => join(app.config.dataDir, 'imports', `${jobId}.log`);

async function logRowFailure(app: App, poolId: string, jobId: string, line: number, reason: string): Promise<void> {
  app.log.warn({ pool: poolId, importJob: jobId, line, reason }, 'user import row failed');
  const path = jobLogPath(app, jobId);
  await mkdir(join(app.config.dataDir, 'imports'), { recursive: true });
  await appendFile(path, `${new Date(app.clock.now()).toISOString()} [ERROR] line ${line}: ${reason}\n`);
}

/** Runs (or resumes) the job if no node holds it; resolves when it is done or another node has it. */
export async function runImportJob(app: App, poolId: string, jobId: string): Promise<void> {
  const jobs = app.store.importJobs;
  const now = () => app.clock.now();
  if (!(await jobs.claim(poolId, jobId, now(), now() + IMPORT_LEASE_MS))) return;
  const finish = async (status: 'Succeeded' | 'Failed', completionMessage: string) => {
    if (await jobs.transition(poolId, jobId, ['InProgress'], status, { completedAt: now(), completionMessage })) return;
    await jobs.transition(poolId, jobId, ['Stopping'], 'Stopped', { completedAt: now(), completionMessage: STOPPED_MESSAGE });
  };
  const pool = await app.store.pools.get(poolId);
  const job = await jobs.get(poolId, jobId);
  const header = (await jobs.chunk(jobId, 0))?.[0]?.[1];
  if (!pool || !job || !header) return finish('Failed', 'The uploaded CSV file is empty or gone.');
  const problem = headerProblem(pool, header);
  if (problem) {
    app.log.warn({ pool: poolId, importJob: jobId, reason: problem }, 'user import job failed');
    return finish('Failed', problem);
  }
  for (let seq = Math.max(1, job.nextChunk); ; seq++) {
    const rows = await jobs.chunk(jobId, seq);
    if (!rows) break;
    const users: ImportedUser[] = [];
    const refusals: [number, string][] = [];
    for (const [line, fields] of rows) {
      try {
        users.push(userFromRow(pool, header, line, fields, now()));
      } catch (error) {
        if (!(error instanceof RowRefused)) throw error;
        refusals.push([line, error.message]);
      }
    }
    const taken = await jobs.importChunk(poolId, jobId, seq, users, refusals.length, now() + IMPORT_LEASE_MS);
    if (taken === undefined) {
      // Stopped meanwhile (or taken over after a lease ran out): what was written stays, counted.
      await jobs.transition(poolId, jobId, ['Stopping'], 'Stopped', { completedAt: now(), completionMessage: STOPPED_MESSAGE });
      return;
    }
    for (const line of taken) refusals.push([line, 'UsernameExistsException: User account already exists.']);
    for (const [line, reason] of refusals.sort((a, b) => a[0] - b[0])) await logRowFailure(app, poolId, jobId, line, reason);
  }
  const done = await jobs.get(poolId, jobId);
  if (done && done.failed + done.skipped > 0) return finish('Failed', FAILED_ROWS_MESSAGE);
  return finish('Succeeded', SUCCEEDED_MESSAGE);
}

/** Starts the job in the background; a failure is logged and the job is left to be resumed. */
export function startInBackground(app: App, poolId: string, jobId: string): void {
  runImportJob(app, poolId, jobId).catch((error: unknown) =>
    app.log.error({ err: error, pool: poolId, importJob: jobId }, 'user import job interrupted; it resumes when its lease runs out'),
  );
}

/** Resumes jobs whose node stopped (their lease ran out), and settles the stops they left behind. */
export async function resumeAbandonedImports(app: App): Promise<void> {
  for (const job of await app.store.importJobs.abandoned(app.clock.now())) {
    if (job.status === 'Stopping') {
      await app.store.importJobs.transition(job.poolId, job.jobId, ['Stopping'], 'Stopped', {
        completedAt: app.clock.now(),
        completionMessage: STOPPED_MESSAGE,
      });
    } else startInBackground(app, job.poolId, job.jobId);
  }
}
