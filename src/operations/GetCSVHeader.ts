import { defineOperation } from '../app.js';
import { csvHeader } from '../imports/header.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'GetCSVHeader', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { UserPoolId: pool.id, CSVHeader: csvHeader(pool) };
});
