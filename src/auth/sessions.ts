// Sessions between sign-in steps: opaque, bound to pool, client, user and the challenge that must
// answer them, single-use, and valid for the client's AuthSessionValidity (3 minutes by default).
import type { RequestContext } from '../app.js';
import { newSessionId } from '../ids.js';
import { errors } from '../protocol/errors.js';
import type { AuthSessionRecord, ClientRecord, PoolRecord } from '../store/records.js';

export const sessionLifetimeMs = (client: ClientRecord): number => (client.settings.AuthSessionValidity ?? 3) * 60_000;

export async function startSession(
  ctx: RequestContext,
  pool: PoolRecord,
  client: ClientRecord,
  username: string,
  challengeName: string,
  data: Record<string, unknown> = {},
): Promise<string> {
  const now = ctx.app.clock.now();
  const id = newSessionId();
  await ctx.app.store.sessions.create({
    id,
    poolId: pool.id,
    clientId: client.clientId,
    username,
    challengeName,
    data,
    createdAt: now,
    expiresAt: now + sessionLifetimeMs(client),
  });
  return id;
}

/** Consumes a session once, with Cognito's messages for a spent, expired or foreign one. */
export async function consumeSession(
  ctx: RequestContext,
  token: string | undefined,
  client: ClientRecord,
  challengeName: string,
): Promise<AuthSessionRecord> {
  if (!token) throw errors.invalidSession('no Session was sent');
  const result = await ctx.app.store.sessions.consume(token, ctx.app.clock.now());
  switch (result.outcome) {
    case 'unknown':
      throw errors.invalidSession('the Session is unknown');
    case 'used':
      throw errors.sessionUsed('the Session was used already');
    case 'expired': {
      const ago = Math.round((ctx.app.clock.now() - result.record.expiresAt) / 1000);
      throw errors.sessionExpired(`the Session expired ${ago} s ago`);
    }
    case 'ok':
      break;
  }
  const session = result.record;
  if (session.clientId !== client.clientId) throw errors.invalidSession('the Session belongs to another app client');
  if (session.challengeName !== challengeName) {
    throw errors.invalidSession(`the Session expects ${session.challengeName}, not ${challengeName}`);
  }
  ctx.annotations.user = session.username;
  return session;
}
