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

const expired = (ctx: RequestContext, session: AuthSessionRecord) =>
  errors.sessionExpired(`the Session expired ${Math.round((ctx.app.clock.now() - session.expiresAt) / 1000)} s ago`);

function checkBinding(ctx: RequestContext, session: AuthSessionRecord, client: ClientRecord, challengeName: string): void {
  if (session.clientId !== client.clientId) throw errors.invalidSession('the Session belongs to another app client');
  if (session.challengeName !== challengeName) {
    throw errors.invalidSession(`the Session expects ${session.challengeName}, not ${challengeName}`);
  }
  ctx.annotations.user = session.username;
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
    case 'expired':
      throw expired(ctx, result.record);
    case 'ok':
      break;
  }
  checkBinding(ctx, result.record, client, challengeName);
  return result.record;
}

/**
 * The same checks as consumeSession without spending the session, for a challenge that validates
 * its answer first so that a rejected answer (a weak new password) can be corrected and sent again.
 */
export async function peekSession(
  ctx: RequestContext,
  token: string | undefined,
  client: ClientRecord,
  challengeName: string,
): Promise<AuthSessionRecord> {
  if (!token) throw errors.invalidSession('no Session was sent');
  const session = await ctx.app.store.sessions.get(token);
  if (!session) throw errors.invalidSession('the Session is unknown');
  if (session.consumedAt !== undefined) throw errors.sessionUsed('the Session was used already');
  if (ctx.app.clock.now() >= session.expiresAt) throw expired(ctx, session);
  checkBinding(ctx, session, client, challengeName);
  return session;
}
