// Checks every password-bearing sign-in shares: finding the user, their status, the password, the lockout.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/records.js';
import { findUserBySignInName } from '../users/attributes.js';
import { verifyPassword } from '../users/passwords.js';
import { revealsUserExistence } from '../pools/lookup.js';
import { judgeGuess, type Guess } from './attempts.js';
import type { AuthRequest } from './types.js';
import { preAuthentication } from '../triggers/authentication.js';
import { migrateUser } from '../triggers/migration.js';
import { triggerArn } from '../triggers/run.js';
import { verifySecretHash } from './secretHash.js';

export function requireParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (value === undefined || value === '') throw errors.missingAuthParameter(name);
  return value;
}

/**
 * A name nobody holds: UserNotFoundException where the app client reveals whether users exist (LEGACY,
 * Cognito's default); with PreventUserExistenceErrors ENABLED the sign-in goes on for nobody and is
 * refused at the end exactly as a wrong password is (unknownUsers.ts).
 */
export function refuseUnknownUser(client: ClientRecord): void {
  if (revealsUserExistence(client)) throw errors.userNotFound('no such user');
}

/**
 * The user a password sign-in names, refused as Cognito refuses: disabled, or awaiting a reset;
 * undefined for a name nobody holds where the client hides that (see refuseUnknownUser).
 */
export async function signInUser(request: AuthRequest, name: string, migration?: { password: string; secretHash?: string }): Promise<UserRecord | undefined> {
  const { ctx, pool, client } = request;
  const user = (await findUserBySignInName(ctx.app.store, pool, name)) ?? (migration && (await migrateSignIn(request, name, migration)));
  if (!user) {
    refuseUnknownUser(client);
    return undefined;
  }
  return admitSignInUser(request, user);
}

/** A name nobody holds, offered to the pool's UserMigration function with the password it signs in with. */
async function migrateSignIn(request: AuthRequest, name: string, migration: { password: string; secretHash?: string }): Promise<UserRecord | undefined> {
  if (!triggerArn(request.pool, 'UserMigration')) return undefined;
  verifySecretHash(request.client, migration.secretHash, [name]);
  return migrateUser(request.ctx, request.pool, name, 'UserMigration_Authentication', migration.password);
}

/**
 * The checks of signInUser on a user already found: a disabled user, or one awaiting a reset, is
 * refused; then the pool's PreAuthentication trigger may refuse them.
 */
export async function admitSignInUser(request: AuthRequest, user: UserRecord): Promise<UserRecord> {
  request.ctx.note({ user: user.username });
  if (!user.enabled) throw errors.userDisabled();
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
  await preAuthentication(request.ctx, request.pool, user);
  return user;
}

/**
 * A guess at the password of `subject` (a username, or a name nobody holds), counted toward the
 * sign-in lockout: "Password attempts exceeded" while it holds.
 */
export const passwordGuess = (poolId: string, subject: string): Guess => ({
  poolId,
  subject,
  kind: 'PASSWORD',
  lockedOut: errors.passwordAttemptsExceeded,
});

/**
 * Checks the password of the user `name` names, or of nobody (an unknown name, where the client hides
 * that): the same lockout, the same hashing work and the same refusal either way. An unconfirmed
 * user with the right password hears UserNotConfirmedException.
 */
export async function checkPassword(
  app: App,
  pool: PoolRecord,
  name: string,
  user: UserRecord | undefined,
  password: string,
): Promise<UserRecord> {
  const right = await judgeGuess(app, passwordGuess(pool.id, user?.username ?? name), () => verifyPassword(password, user?.password?.hash));
  if (!right || !user) throw errors.incorrectCredentials(user ? 'wrong password' : 'no such user');
  refuseAfterPasswordProven(app, pool, user);
  return user;
}

/** What a proven password (plain or SRP) still cannot get past: an unconfirmed user, an expired temporary password. */
export function refuseAfterPasswordProven(app: App, pool: PoolRecord, user: UserRecord): void {
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
  if (user.password?.temporary && user.status === 'FORCE_CHANGE_PASSWORD') {
    const days = pool.settings.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7;
    if (app.clock.now() - user.password.setAt > days * 86_400_000) throw errors.temporaryPasswordExpired();
  }
}
