import { defineOperation } from '../app.js';
import { requirePoolByArn, retag } from '../pools/tags.js';

// Removes tags by key; a key the pool does not carry is no error.
export default defineOperation({ name: 'UntagResource', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePoolByArn(ctx.app, input.ResourceArn);
  ctx.note({ pool: pool.id });
  await retag(ctx.app, pool, {}, input.TagKeys);
  return {};
});
