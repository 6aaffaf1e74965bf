// Sessions between sign-in steps: opaque, bound to pool, client, user and the challenge that must
// answer them, single-use, and valid for the client's AuthSessionValidity (3 minutes by default).
import type { RequestContext } from '../app.js';
import { newSessionId } from '../ids.js';
import { errors } from '../protocol/errors.js';
import type { AuthSessionRecord, ClientRecord, PoolRecord } from '../store/records.js';
import type { ConsumeOutcome } from '../store/store.js';

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
    // The flow that started the sign-in, so later steps are logged and recorded under it.
    data: ctx.annotations.flow ? { flow: ctx.annotations.flow, ...data } : data,
    createdAt: now,
    expiresAt: now + sessionLifetimeMs(client),
  });
  return id;
}

/** The session found, bound to this app client and challenge; else Cognito's error for why it cannot be used. */
function usableSession(
  ctx: RequestContext,
  found: ConsumeOutcome<AuthSessionRecord>,
  client: ClientRecord,
  challengeName: string,
): AuthSessionRecord {
  switch (found.outcome) {
    case 'unknown':
      throw errors.invalidSession('the Session is unknown');
    case 'used':
      throw errors.sessionUsed('the Session was used already');
    case 'expired':
      throw errors.sessionExpired(`the Session expired ${Math.round((ctx.app.clock.now() - found.record.expiresAt) / 1000)} s ago`);
  }
  const session = found.record;
  if (session.clientId !== client.clientId) throw errors.invalidSession('the Session belongs to another app client');
  if (session.challengeName !== challengeName) {
    throw errors.invalidSession(`the Session expects ${session.challengeName}, not ${challengeName}`);
  }
  ctx.annotations.user = session.username;
  if (typeof session.data.flow === 'string') ctx.annotations.flow = session.data.flow;
  return session;
}

function sessionToken(token: string | undefined): string {
  if (!token) throw errors.invalidSession('no Session was sent');
  return token;
}

/** Consumes a session once, with Cognito's messages for a spent, expired or foreign one. */
export async function consumeSession(
  ctx: RequestContext,
  token: string | undefined,
  client: ClientRecord,
  challengeName: string,
): Promise<AuthSessionRecord> {
  const found = await ctx.app.store.sessions.consume(sessionToken(token), ctx.app.clock.now());
  return usableSession(ctx, found, client, challengeName);
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
  const session = await ctx.app.store.sessions.get(sessionToken(token));
  return usableSession(ctx, outcomeWithoutConsuming(session, ctx.app.clock.now()), client, challengeName);
}

/** What consuming the session at `now` would find, without consuming it. */
function outcomeWithoutConsuming(session: AuthSessionRecord | undefined, now: number): ConsumeOutcome<AuthSessionRecord> {
  if (!session) return { outcome: 'unknown' };
  if (session.consumedAt !== undefined) return { outcome: 'used', record: session };
  if (now >= session.expiresAt) return { outcome: 'expired', record: session };
  return { outcome: 'ok', record: session };
}
