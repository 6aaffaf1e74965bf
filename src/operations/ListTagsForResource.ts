import { defineOperation } from '../app.js';
import { requirePoolByArn } from '../pools/tags.js';

export default defineOperation({ name: 'ListTagsForResource', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePoolByArn(ctx.app, input.ResourceArn);
  ctx.note({ pool: pool.id });
  return { Tags: { ...pool.settings.UserPoolTags } };
});
