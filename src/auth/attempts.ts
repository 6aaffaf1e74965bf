// How many guesses anyone gets. Every guess at a secret — a password (plain, SRP, ChangePassword's
// previous one), a code of any purpose (sign-in, confirmation, ...) — is an attempt reserved in the
// store before the guess is judged: concurrent guesses are admitted no faster than the policy allows,
// and a fresh code does not bring fresh guesses, since codes are counted per user, not per code.
// Codes sent are counted the same way, so that no one can have a user flooded with codes.
import type { App } from '../app.js';
import { errors, type CognitoError } from '../protocol/errors.js';
import type { AttemptRecord } from '../store/records.js';
import { RETENTION, type AttemptKind, type AttemptPolicy } from '../store/store.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

// Passwords, as the developer guide's "Lockout behavior for failed sign-in attempts" describes
// Cognito's: five failures, then a lock of 1 s doubling with each failure up to about 15 minutes
// (2^(n-5) s for n failures); 15 quiet minutes, or a success, start afresh. Refused passkey
// assertions count towards nothing: a signature cannot be guessed (src/passkeys/authenticate.ts).
const SIGN_IN_LOCKOUT: AttemptPolicy = {
  freeAttempts: 5,
  firstLockMs: 1000,
  maxLockMs: 15 * MINUTE_MS,
  forgetAfterMs: RETENTION.signInFailuresMs,
};

export const POLICIES: Readonly<Record<AttemptKind, AttemptPolicy>> = {
  PASSWORD: SIGN_IN_LOCKOUT,
  // The same back-off for wrong codes, but a six-digit code must not fall to patience: with locks of
  // up to an hour, remembered for a day, no one gets more than 39 guesses at a user's codes in any
  // 24 hours (a 6-digit code falls with probability < 4e-5 a day; docs/reliability.md).
  CODE: { ...SIGN_IN_LOCKOUT, maxLockMs: HOUR_MS, forgetAfterMs: 24 * HOUR_MS },
  // Ten codes to a user within an hour; the eleventh waits until an hour after the tenth.
  CODE_DELIVERY: { freeAttempts: 10, firstLockMs: HOUR_MS, maxLockMs: HOUR_MS, forgetAfterMs: HOUR_MS },
};

/** When the lock that `record` puts on its subject ends (0 when it puts none). */
export function lockedUntil(kind: AttemptKind, record: AttemptRecord): number {
  const { freeAttempts, firstLockMs, maxLockMs } = POLICIES[kind];
  if (record.attempts < freeAttempts) return 0;
  return record.lastAttemptAt + Math.min(firstLockMs * 2 ** (record.attempts - freeAttempts), maxLockMs);
}

export interface Guess {
  poolId: string;
  /** Whose secret: the username, or the name an unknown user was asked for by. */
  subject: string;
  kind: 'PASSWORD' | 'CODE';
  /** The answer while the subject is locked out. */
  lockedOut: (detail: string) => CognitoError;
}

/**
 * Judges one guess under its subject's lockout: the attempt is reserved first (refused with
 * `lockedOut`, unjudged and uncounted, while the subject is locked out), then `judge` runs. A right
 * guess clears the count; a wrong one (false, or a throw) stays counted.
 */
export async function judgeGuess(app: App, guess: Guess, judge: () => Promise<boolean>): Promise<boolean> {
  const { store, clock } = app;
  const at = clock.now();
  const reservation = await store.attempts.reserve(guess.poolId, guess.subject, guess.kind, at, POLICIES[guess.kind]);
  if (!reservation.admitted) {
    const { attempts } = reservation.record;
    throw guess.lockedOut(`${attempts} failed ${guess.kind} attempts; locked for another ${lockedUntil(guess.kind, reservation.record) - at} ms`);
  }
  const right = await judge();
  if (right) await store.attempts.clear(guess.poolId, guess.subject, guess.kind);
  return right;
}

/**
 * Counts a code about to be sent to `subject` (a username, or a name nobody holds, so that both are
 * answered alike); past the limit, LimitExceededException before anything is sent.
 */
export async function admitCodeDelivery(app: App, poolId: string, subject: string): Promise<void> {
  const { store, clock } = app;
  const reservation = await store.attempts.reserve(poolId, subject, 'CODE_DELIVERY', clock.now(), POLICIES.CODE_DELIVERY);
  if (!reservation.admitted) throw errors.attemptLimit(`${reservation.record.attempts} codes sent lately; no more for now`);
}
