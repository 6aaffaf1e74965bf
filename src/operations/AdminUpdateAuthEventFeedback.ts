import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { giveFeedback } from '../risk/feedback.js';

export default defineOperation({ name: 'AdminUpdateAuthEventFeedback', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id, user: input.Username });
  await giveFeedback(ctx.app, pool, { username: input.Username, eventId: input.EventId, value: input.FeedbackValue }, 'Admin');
  return {};
});
