// Checks every password-bearing sign-in shares: finding the user, their status, the password.
import type { RequestContext } from '../app.js';
import { errors, type CognitoError } from '../protocol/errors.js';
import { RETENTION, type SignInFactor } from '../store/store.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { findUserBySignInName } from '../users/attributes.js';
import { verifyPassword } from '../users/passwords.js';
import { revealsUserExistence } from '../pools/lookup.js';
import type { AuthRequest } from './types.js';

export function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') throw errors.missingAuthParameter(name);
  return value;
}

/**
 * The user a sign-in names, refused as Cognito refuses: unknown (UserNotFoundException, or the
 * wrong-password answer when the client prevents user-existence errors), disabled, or awaiting a reset.
 */
export async function signInUser(request: AuthRequest, name: string): Promise<UserRecord> {
  const { ctx, pool, client } = request;
  const user = await findUserBySignInName(ctx.app.store, pool, name);
  if (!user) {
    throw revealsUserExistence(client) ? errors.userNotFound('no such user') : errors.incorrectCredentials('no such user');
  }
  return admitSignInUser(request, user);
}

/** The checks of signInUser on a user already found: a disabled user, or one awaiting a reset, is refused. */
export function admitSignInUser(request: AuthRequest, user: UserRecord): UserRecord {
  const { ctx } = request;
  ctx.annotations.user = user.username;
  if (!user.enabled) throw errors.userDisabled();
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
  return user;
}

// Lockout, as the developer guide's "Lockout behavior for failed sign-in attempts" describes it:
// after five consecutive wrong passwords the user is locked out for 1 s, doubling with each further
// wrong password up to about 15 minutes (2^(n-5) s for n failures). Attempts during a lockout answer
// "Password attempts exceeded" and do not count; 15 quiet minutes, or a success, start afresh.
// Refused passkey assertions are counted the same way on a counter of their own, so that guessing
// at one factor never locks the user out of the other.
const FREE_FAILURES = 5;
const MAX_LOCKOUT_MS = 15 * 60_000;
const FORGET_AFTER_MS = RETENTION.signInFailuresMs;

const LOCKED_OUT: Record<SignInFactor, (detail: string) => CognitoError> = {
  PASSWORD: errors.passwordAttemptsExceeded,
  WEB_AUTHN: errors.passkeyAttemptsExceeded,
};

export function lockedUntil(failures: number, lastFailureAt: number): number {
  if (failures < FREE_FAILURES) return 0;
  return lastFailureAt + Math.min(2 ** (failures - FREE_FAILURES) * 1000, MAX_LOCKOUT_MS);
}

/** Refuses an attempt with `factor` while the user is locked out of it; call before checking the answer. */
export async function refuseWhileLockedOut(ctx: RequestContext, user: UserRecord, factor: SignInFactor = 'PASSWORD'): Promise<void> {
  const failures = await ctx.app.store.signInFailures.get(user.poolId, user.username, factor);
  if (!failures) return;
  const until = lockedUntil(failures.failures, failures.lastFailureAt);
  if (ctx.app.clock.now() < until) {
    throw LOCKED_OUT[factor](`${failures.failures} failed ${factor} attempts; locked for another ${until - ctx.app.clock.now()} ms`);
  }
}

/** Records the outcome of an attempt with `factor`: a success clears the count, a failure adds one. */
export async function countSignInAttempt(ctx: RequestContext, user: UserRecord, factor: SignInFactor, ok: boolean): Promise<number> {
  const { store, clock } = ctx.app;
  if (ok) {
    await store.signInFailures.clear(user.poolId, user.username, factor);
    return 0;
  }
  const now = clock.now();
  return (await store.signInFailures.record(user.poolId, user.username, factor, now, now - FORGET_AFTER_MS)).failures;
}

/**
 * Records the outcome of a password attempt (a password, or an SRP password claim) and throws the
 * wrong-password answer when it failed.
 */
export async function countPasswordAttempt(ctx: RequestContext, user: UserRecord, ok: boolean): Promise<void> {
  const failures = await countSignInAttempt(ctx, user, 'PASSWORD', ok);
  if (!ok) throw errors.incorrectCredentials(`wrong password (${failures} in a row)`);
}

/** Checks the password; an unconfirmed user with the right password hears UserNotConfirmedException. */
export async function checkPassword(ctx: RequestContext, pool: PoolRecord, user: UserRecord, password: string): Promise<void> {
  await refuseWhileLockedOut(ctx, user);
  const ok = user.password !== undefined && (await verifyPassword(password, user.password.hash));
  await countPasswordAttempt(ctx, user, ok);
  refuseAfterPasswordProven(ctx, pool, user);
}

/** What a proven password (plain or SRP) still cannot get past: an unconfirmed user, an expired temporary password. */
export function refuseAfterPasswordProven(ctx: RequestContext, pool: PoolRecord, user: UserRecord): void {
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
  if (user.password?.temporary && user.status === 'FORCE_CHANGE_PASSWORD') {
    const days = pool.settings.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7;
    if (ctx.app.clock.now() - user.password.setAt > days * 86_400_000) throw errors.temporaryPasswordExpired();
  }
}
