import { defineOperation } from '../app.js';
import { checkTags, requirePoolByArn, retag } from '../pools/tags.js';

// Adds tags to a pool, replacing the values of keys it has already.
export default defineOperation({ name: 'TagResource', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  checkTags(input.Tags);
  const pool = await requirePoolByArn(ctx.app, input.ResourceArn);
  ctx.note({ pool: pool.id });
  await retag(ctx.app, pool, input.Tags, []);
  return {};
});
