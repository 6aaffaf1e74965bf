import { defineOperation } from '../app.js';
import { MAX_TAGS_PER_POOL, requirePoolByArn } from '../pools/tags.js';
import { errors } from '../protocol/errors.js';

// Removes tags by key; a key the pool does not carry is no error.
export default defineOperation({ name: 'UntagResource', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePoolByArn(ctx.app, input.ResourceArn);
  ctx.note({ pool: pool.id });
  if (!(await ctx.app.store.pools.updateTags(pool.id, {}, input.TagKeys, MAX_TAGS_PER_POOL))) {
    throw errors.taggedResourceNotFound(input.ResourceArn);
  }
  return {};
});
