import { defineOperation } from '../app.js';
import { checkTags, MAX_TAGS_PER_POOL, requirePoolByArn } from '../pools/tags.js';
import { errors } from '../protocol/errors.js';
import { StoreConflict } from '../store/store.js';

// Adds tags to a pool, replacing the values of keys it has already.
export default defineOperation({ name: 'TagResource', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  checkTags(input.Tags);
  const pool = await requirePoolByArn(ctx.app, input.ResourceArn);
  ctx.note({ pool: pool.id });
  try {
    if (!(await ctx.app.store.pools.updateTags(pool.id, input.Tags, [], MAX_TAGS_PER_POOL))) {
      throw errors.taggedResourceNotFound(input.ResourceArn);
    }
  } catch (error) {
    if (error instanceof StoreConflict) throw errors.tooManyTags(MAX_TAGS_PER_POOL);
    throw error;
  }
  return {};
});
