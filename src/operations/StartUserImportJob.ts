import { defineOperation } from '../app.js';
import { describeJob, requireJob } from '../imports/jobs.js';
import { startInBackground } from '../imports/runner.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'StartUserImportJob', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const { app } = ctx;
  const pool = await requirePool(app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const job = await requireJob(app, pool.id, input.JobId);
  if (job.status !== 'Created') throw errors.importJobNotStartable(job.jobId, job.status);
  if (job.uploaded === undefined) throw errors.importCsvNotUploaded(job.jobId);
  // The guide: a pool without auto-verified attributes cannot start an import (no way to reset passwords).
  if ((pool.settings.AutoVerifiedAttributes ?? []).length === 0) throw errors.importWithoutAutoVerification();
  if (await app.store.importJobs.anotherRunning(pool.id, job.jobId)) throw errors.importJobRunning(pool.id);
  const startedAt = app.clock.now();
  if (!(await app.store.importJobs.transition(pool.id, job.jobId, ['Created'], 'Pending', { startedAt, nextChunk: 1 }))) {
    const now = await requireJob(app, pool.id, job.jobId);
    throw errors.importJobNotStartable(now.jobId, now.status);
  }
  startInBackground(app, pool.id, job.jobId);
  return { UserImportJob: describeJob(app, { ...job, status: 'Pending', startedAt, nextChunk: 1 }) };
});
