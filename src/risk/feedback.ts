// Feedback on an auth event (AdminUpdateAuthEventFeedback, UpdateAuthEventFeedback, and the one-click
// links of risk notifications). Valid makes the event's address and device known to the user's later
// assessments; Invalid makes them high risk (src/risk/assess.ts). The last feedback given stands.
import { timingSafeEqual } from 'node:crypto';
import type { App } from '../app.js';
import { requireThreatProtection } from '../events/cognito.js';
import { errors } from '../protocol/errors.js';
import type { EventFeedback, PoolRecord } from '../store/records.js';
import { findUserByNameOrSub } from '../users/attributes.js';
import { feedbackTokenHash } from './assess.js';

export interface FeedbackRequest {
  /** The username, an alias or the user's sub. */
  username: string;
  eventId: string;
  value: EventFeedback['value'];
  /** UpdateAuthEventFeedback: the token of the event's notification. */
  token?: string;
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function giveFeedback(app: App, pool: PoolRecord, request: FeedbackRequest, provider: EventFeedback['provider']): Promise<void> {
  requireThreatProtection(pool);
  const { store } = app;
  const user = await findUserByNameOrSub(store, pool, request.username);
  if (!user) throw errors.userNotFound(`no user ${request.username} in ${pool.id}`);
  const event = await store.events.get(request.eventId);
  if (!event || event.poolId !== pool.id || event.username !== user.username) throw errors.authEventNotFound(request.eventId);
  if (provider === 'Cognito') {
    const expected = event.feedbackTokenHash;
    if (!expected || request.token === undefined || !sameHash(feedbackTokenHash(request.token), expected)) {
      throw errors.feedbackTokenInvalid(`event ${event.id} ${expected ? 'has another token' : 'sent no notification'}`);
    }
  }
  const found = await store.events.setFeedback(pool.id, event.id, { value: request.value, provider, at: app.clock.now() });
  if (!found) throw errors.authEventNotFound(request.eventId);
}
