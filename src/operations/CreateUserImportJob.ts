import { defineOperation } from '../app.js';
import { MAX_CREATED_JOBS, UPLOAD_URL_LIFETIME_MS, describeJob, newJobId, tokenHash, uploadToken } from '../imports/jobs.js';
import { CREATED_JOB_LIFETIME_MS } from '../imports/jobs.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import type { ImportJobRecord } from '../store/records.js';

export default defineOperation({ name: 'CreateUserImportJob', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const { app } = ctx;
  const pool = await requirePool(app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const now = app.clock.now();
  await app.store.importJobs.expire(now - CREATED_JOB_LIFETIME_MS);
  if ((await app.store.importJobs.countCreated(pool.id)) >= MAX_CREATED_JOBS) throw errors.tooManyImportJobs(MAX_CREATED_JOBS);
  const jobId = newJobId(now);
  const uploadExpiresAt = now + UPLOAD_URL_LIFETIME_MS;
  const job: ImportJobRecord = {
    poolId: pool.id,
    jobId,
    jobName: input.JobName,
    roleArn: input.CloudWatchLogsRoleArn,
    status: 'Created',
    uploadTokenHash: tokenHash(uploadToken(app, { jobId, uploadExpiresAt })),
    uploadExpiresAt,
    nextChunk: 0,
    imported: 0,
    skipped: 0,
    failed: 0,
    createdAt: now,
  };
  await app.store.importJobs.create(job);
  return { UserImportJob: describeJob(app, job) };
});
