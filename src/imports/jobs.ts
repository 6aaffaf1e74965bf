// User import jobs: their ids, the pre-signed upload URL, how they are described, and their
// lifetimes (docs/decisions.md, "User import jobs").
import { createHash, createHmac, randomInt } from 'node:crypto';
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { UserImportJobType } from '../protocol/shapes.generated.js';
import type { ImportJobRecord } from '../store/records.js';

/** How long the pre-signed URL accepts the upload, as the X-Amz-Expires of Cognito's S3 URLs. */
export const UPLOAD_URL_LIFETIME_MS = 15 * 60_000;
/** A job left Created this long becomes Expired. */
export const CREATED_JOB_LIFETIME_MS = 24 * 60 * 60_000;
/** Jobs not yet started a pool may hold. */
export const MAX_CREATED_JOBS = 20;

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `import-<time base36><random>`: within the model's pattern, and newest-first is descending id. */
export const newJobId = (now: number): string =>
  `import-${Math.floor(now).toString(36).padStart(9, '0')}${Array.from({ length: 10 }, () => ALNUM[randomInt(ALNUM.length)]).join('')}`;

/** The upload token of a job, derived from the server secret: the URL can be told again, never guessed. */
export const uploadToken = (app: App, job: Pick<ImportJobRecord, 'jobId' | 'uploadExpiresAt'>): string =>
  createHmac('sha256', app.serverSecret.key('user import uploads')).update(`${job.jobId}\n${job.uploadExpiresAt}`).digest('base64url');

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');

export const uploadPath = (poolId: string, jobId: string): string => `/${poolId}/user-import/${jobId}`;

export function preSignedUrl(app: App, job: ImportJobRecord): string {
  const url = new URL(`${app.issuer(job.poolId)}/user-import/${job.jobId}`);
  url.searchParams.set('X-Amz-Date', new Date(job.createdAt).toISOString().replace(/[-:]|\.\d{3}/g, ''));
  url.searchParams.set('X-Amz-Expires', String(Math.round((job.uploadExpiresAt - job.createdAt) / 1000)));
  url.searchParams.set('X-Amz-Signature', uploadToken(app, job));
  return url.toString();
}

export function describeJob(app: App, job: ImportJobRecord): UserImportJobType {
  return {
    JobName: job.jobName,
    JobId: job.jobId,
    UserPoolId: job.poolId,
    PreSignedUrl: preSignedUrl(app, job),
    CreationDate: new Date(job.createdAt),
    StartDate: job.startedAt === undefined ? undefined : new Date(job.startedAt),
    CompletionDate: job.completedAt === undefined ? undefined : new Date(job.completedAt),
    Status: job.status,
    CloudWatchLogsRoleArn: job.roleArn,
    ImportedUsers: job.imported,
    SkippedUsers: job.skipped,
    FailedUsers: job.failed,
    CompletionMessage: job.completionMessage,
  };
}

/** The job, after Created jobs past their lifetime became Expired. */
export async function requireJob(app: App, poolId: string, jobId: string): Promise<ImportJobRecord> {
  await app.store.importJobs.expire(app.clock.now() - CREATED_JOB_LIFETIME_MS);
  const job = await app.store.importJobs.get(poolId, jobId);
  if (!job) throw errors.importJobNotFound(jobId);
  return job;
}
