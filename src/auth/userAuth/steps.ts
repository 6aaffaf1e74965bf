// What every step of a USER_AUTH sign-in shares: who it is for, the Session between steps, and
// checking that an answer comes from the same user.
import { CognitoError, errors } from '../../protocol/errors.js';
import type { CandidateState, SessionChallenge, SignInStates, SignInStep, UserRecord } from '../../store/records.js';
import { findUserBySignInName } from '../../users/attributes.js';
import { verifySecretHash } from '../secretHash.js';
import { releaseSession, startSession } from '../sessions.js';
import { admitSignInUser, requireParameter } from '../signIn.js';
import type { AuthRequest, StepRequest } from '../types.js';

/** Who a USER_AUTH sign-in is for. */
export interface Candidate {
  /** The name the client signed in with: the username or an alias. */
  name: string;
  /**
   * Undefined when nobody has that name. The sign-in is then simulated to its end, so that USER_AUTH
   * does not tell who exists (Cognito's documented behaviour for choice-based sign-in).
   */
  user?: UserRecord;
}

/** Only users who finished signing up choose passwordless factors; others must use their password. */
export const confirmed = (candidate: Candidate): boolean => candidate.user?.status === 'CONFIRMED';

/** The candidate a USERNAME names; a disabled user, or one awaiting a reset, is refused as elsewhere. */
export async function findCandidate(request: AuthRequest, name: string): Promise<Candidate> {
  const { ctx, pool } = request;
  const found = await findUserBySignInName(ctx.app.store, pool, name);
  if (!found) return { name };
  return { name, user: await admitSignInUser(request, found) };
}

/** The USER_AUTH steps: every one keeps the candidate. */
type CandidateStep = { [C in SessionChallenge]: SignInStates[C] extends CandidateState ? C : never }[SessionChallenge];

/** Starts the Session the next step is answered with, bound to the candidate and the challenge; `state` is what that step keeps besides. */
export function startStep<C extends CandidateStep>(
  request: AuthRequest,
  candidate: Candidate,
  challengeName: C,
  state: Omit<SignInStates[C], keyof CandidateState>,
): Promise<string> {
  const kept: CandidateState = { flow: request.flow, name: candidate.name, ...(candidate.user ? {} : { simulated: true }) };
  // The candidate completes what step C keeps; the compiler cannot follow a generic C through the spread.
  const step = { challengeName, data: { ...state, ...kept } } as SignInStep;
  return startSession(request.ctx.app, request.client, candidate.user?.username ?? candidate.name, step);
}

/**
 * The candidate an answer is for, from its consumed Session. USERNAME must name the same user as
 * the Session (the username or the alias signed in with); SECRET_HASH is checked for either.
 */
export async function answeringCandidate(request: StepRequest<CandidateStep>): Promise<Candidate> {
  const { ctx, pool, client, responses, session } = request;
  const { name, simulated } = session.data;
  const given = requireParameter(responses, 'USERNAME');
  if (given !== session.username && given !== name) {
    const named = await findUserBySignInName(ctx.app.store, pool, given);
    if (named?.username !== session.username) throw errors.sessionUserMismatch('USERNAME names another user than the Session');
  }
  verifySecretHash(client, responses.SECRET_HASH, [given, session.username, name]);
  if (simulated) return { name };
  const user = await ctx.app.store.users.get(pool.id, session.username);
  if (!user) return { name };
  if (!user.enabled) throw errors.userDisabled();
  return { name, user };
}

/**
 * Refusals that leave the sign-in where it was: the client may answer the same Session again (a
 * TOTP code already used, ExpiredCodeException, with the app's next code).
 */
const RETRYABLE = new Set(['InvalidParameterException', 'CodeMismatchException', 'ExpiredCodeException']);

/**
 * Runs an answer; when it fails with a mistake the client can correct (a missing response, a wrong
 * one-time code), the Session is released so that it can be answered again within its lifetime.
 */
export async function retryable<T>(request: StepRequest<SessionChallenge>, answer: () => Promise<T>): Promise<T> {
  try {
    return await answer();
  } catch (error) {
    if (error instanceof CognitoError && RETRYABLE.has(error.type)) await releaseSession(request.ctx.app, request.session);
    throw error;
  }
}
