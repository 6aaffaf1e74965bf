import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { giveFeedback } from '../risk/feedback.js';

// Unsigned: the FeedbackToken of the event's risk notification is the proof.
export default defineOperation({ name: 'UpdateAuthEventFeedback', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id, user: input.Username });
  const request = { username: input.Username, eventId: input.EventId, value: input.FeedbackValue, token: input.FeedbackToken };
  await giveFeedback(ctx.app, pool, request, 'Cognito');
  return {};
});
