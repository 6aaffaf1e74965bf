import { defineOperation } from '../app.js';
import { CREATED_JOB_LIFETIME_MS, describeJob } from '../imports/jobs.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';

export default defineOperation({ name: 'ListUserImportJobs', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const { app } = ctx;
  const pool = await requirePool(app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const scope = `user-import-jobs:${pool.id}`;
  const after = decodeNextToken(app.serverSecret, scope, input.PaginationToken);
  await app.store.importJobs.expire(app.clock.now() - CREATED_JOB_LIFETIME_MS);
  const page = await app.store.importJobs.list(pool.id, input.MaxResults, after);
  return {
    UserImportJobs: page.items.map((job) => describeJob(app, job)),
    PaginationToken: encodeNextToken(app.serverSecret, scope, page.next),
  };
});
