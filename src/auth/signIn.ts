// Checks every password-bearing sign-in shares: finding the user, their status, the password.
import type { RequestContext } from '../app.js';
import { errors } from '../protocol/errors.js';
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
  ctx.annotations.user = user.username;
  if (!user.enabled) throw errors.userDisabled();
  if (user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
  return user;
}

/** Checks the password; an unconfirmed user with the right password hears UserNotConfirmedException. */
export async function checkPassword(ctx: RequestContext, pool: PoolRecord, user: UserRecord, password: string): Promise<void> {
  const ok = user.password !== undefined && (await verifyPassword(password, user.password.hash));
  if (!ok) throw errors.incorrectCredentials('wrong password');
  if (user.status === 'UNCONFIRMED') throw errors.userNotConfirmed();
  if (user.password?.temporary && user.status === 'FORCE_CHANGE_PASSWORD') {
    const days = pool.settings.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays ?? 7;
    if (ctx.app.clock.now() - user.password.setAt > days * 86_400_000) throw errors.temporaryPasswordExpired();
  }
}
