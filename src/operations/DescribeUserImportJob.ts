import { defineOperation } from '../app.js';
import { describeJob, requireJob } from '../imports/jobs.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeUserImportJob', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { UserImportJob: describeJob(ctx.app, await requireJob(ctx.app, pool.id, input.JobId)) };
});
