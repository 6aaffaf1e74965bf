// Every registration and sign-in attempt becomes an auth event: who, where from, through which flow
// and challenge, how it ended and, for a refusal, the precise reason only the operator may read
// (the CognitoError's detail; clients keep hearing Cognito's generic messages).
import type { RequestContext } from '../app.js';
import { CognitoError } from '../protocol/errors.js';
import type { AuthEventKind, AuthEventRecord } from '../store/records.js';
import { newSortableId } from '../ids.js';
import { exportAuthEvent } from '../logDelivery/export.js';
import { endUserOf, riskNoteOf } from '../risk/assess.js';

/** Refreshing tokens is not a sign-in attempt. */
const REFRESH_FLOWS = new Set(['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']);

export interface Attempt {
  input: unknown;
  output?: unknown;
  /** What the handler threw, as thrown. */
  error?: unknown;
}

/** Builds the event of one finished attempt, or undefined when it names no pool or only refreshes tokens. */
export function describeAttempt(ctx: RequestContext, eventType: AuthEventKind, attempt: Attempt, now: number): AuthEventRecord | undefined {
  const { pool, client, user, flow, challenge } = ctx.noted;
  if (!pool) return undefined;
  if (flow && REFRESH_FLOWS.has(flow)) return undefined;
  const output = (attempt.output ?? {}) as { AuthenticationResult?: unknown; ChallengeName?: string };
  const failed = attempt.error !== undefined;
  const risk = riskNoteOf(ctx);
  const endUser = endUserOf(ctx);
  const event: AuthEventRecord = {
    id: risk?.eventId ?? newSortableId(now),
    poolId: pool,
    clientId: client,
    username: user ?? attemptedUsername(attempt.input),
    eventType,
    operation: ctx.operation,
    outcome: failed ? 'Fail' : !output.AuthenticationResult && output.ChallengeName ? 'InProgress' : 'Pass',
    flow,
    challenge,
    nextChallenge: failed ? undefined : output.ChallengeName,
    sourceIp: endUser.ip,
    userAgent: endUser.device,
    createdAt: now,
    ...(ctx.triggerRuns.length ? { triggers: ctx.triggerRuns } : {}),
    ...(risk?.risk ? { risk: risk.risk } : {}),
    ...(risk?.feedbackTokenHash ? { feedbackTokenHash: risk.feedbackTokenHash } : {}),
  };
  if (failed) {
    const error = attempt.error;
    event.errorType = error instanceof CognitoError ? error.type : 'InternalErrorException';
    event.reason =
      error instanceof CognitoError
        ? (error.detail ?? error.message)
        : `internal error; the log has it under request ${ctx.requestId}`;
  }
  return event;
}

/** The name a request tried, when the operation found no user: never a secret, only the Username member. */
function attemptedUsername(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { Username, AuthParameters, ChallengeResponses } = input as {
    Username?: unknown;
    AuthParameters?: Record<string, unknown>;
    ChallengeResponses?: Record<string, unknown>;
  };
  const name = Username ?? AuthParameters?.USERNAME ?? ChallengeResponses?.USERNAME;
  return typeof name === 'string' && name !== '' ? name.slice(0, 128) : undefined;
}

/**
 * Records the attempt a request made, for operations that declare an auth-event kind. Never fails
 * the request: a store fault is logged and the client's answer stands.
 */
export async function recordAuthEvent(ctx: RequestContext, eventType: AuthEventKind | undefined, attempt: Attempt): Promise<void> {
  if (!eventType) return;
  try {
    const event = describeAttempt(ctx, eventType, attempt, ctx.app.clock.now());
    if (!event) return;
    await ctx.app.store.events.add(event);
    exportAuthEvent(ctx.app, event);
  } catch (error) {
    ctx.app.log.warn({ requestId: ctx.requestId, operation: ctx.operation, err: error }, 'auth event not recorded');
  }
}
