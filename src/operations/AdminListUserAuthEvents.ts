import { defineOperation } from '../app.js';
import { requireThreatProtection, toAuthEventType } from '../events/cognito.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { findUserByNameOrSub } from '../users/attributes.js';

/** MaxResults 0 or absent means 60, Cognito's page size for this operation. */
const DEFAULT_PAGE = 60;

// The token carries the user it was issued for, so a token cannot page through another user's events.
const encodeToken = (username: string, eventId: string) => Buffer.from(JSON.stringify([username, eventId])).toString('base64url');

function decodeToken(token: string, username: string): string {
  try {
    const [owner, eventId] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown[];
    if (owner === username && typeof eventId === 'string') return eventId;
  } catch {
    // falls through to the refusal below
  }
  throw errors.invalidPaginationToken('NextToken was not issued for this user by AdminListUserAuthEvents');
}

export default defineOperation({ name: 'AdminListUserAuthEvents', quota: 'UserRead' }, async (input, ctx) => {
  const { store } = ctx.app;
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  requireThreatProtection(pool);
  // Username may be the username, an alias, or the user's sub.
  const user = await findUserByNameOrSub(store, pool, input.Username);
  if (!user) throw errors.userNotFound(`no user ${input.Username} in ${pool.id}`);
  ctx.note({ user: user.username });
  const before = input.NextToken === undefined ? undefined : decodeToken(input.NextToken, user.username);
  const page = await store.events.list({
    poolId: pool.id,
    username: user.username,
    cognitoTypesOnly: true,
    limit: input.MaxResults || DEFAULT_PAGE,
    before,
  });
  return {
    AuthEvents: page.items.map(toAuthEventType),
    ...(page.next ? { NextToken: encodeToken(user.username, page.next) } : {}),
  };
});
