import { defineOperation } from '../app.js';
import { describeJob, requireJob } from '../imports/jobs.js';
import { resumeAbandonedImports } from '../imports/runner.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'StopUserImportJob', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const { app } = ctx;
  const pool = await requirePool(app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const job = await requireJob(app, pool.id, input.JobId);
  // The node running the job notices Stopping between two chunks and ends the job Stopped.
  if (!(await app.store.importJobs.transition(pool.id, job.jobId, ['Pending', 'InProgress'], 'Stopping'))) {
    const now = await requireJob(app, pool.id, job.jobId);
    throw errors.importJobNotStoppable(now.jobId, now.status);
  }
  // A job no node is running (not claimed yet, or its node stopped) is Stopped at once.
  await resumeAbandonedImports(app);
  return { UserImportJob: describeJob(app, await requireJob(app, pool.id, job.jobId)) };
});
