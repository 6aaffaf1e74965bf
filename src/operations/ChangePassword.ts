import { defineOperation } from '../app.js';
import { checkNewPassword } from '../risk/assess.js';
import { judgeGuess } from '../auth/attempts.js';
import { passwordGuess } from '../auth/signIn.js';
import { errors } from '../protocol/errors.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { saveUser } from '../users/accounts.js';
import { createPasswordCredential, enforcePasswordPolicy, verifyPassword } from '../users/passwords.js';

export default defineOperation({ name: 'ChangePassword', quota: 'UserUpdate', authEvent: 'PasswordChange' }, async (input, ctx) => {
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  // A guess at the password like a sign-in's, on the same counter; while locked out, Cognito's
  // ChangePassword answers LimitExceededException.
  const guess = { ...passwordGuess(pool.id, user.username), lockedOut: errors.attemptLimit };
  const previous = input.PreviousPassword;
  if (previous === undefined) throw errors.incorrectCredentials('no previous password');
  if (!(await judgeGuess(ctx.app, guess, () => verifyPassword(previous, user.password?.hash)))) throw errors.incorrectCredentials('wrong previous password');
  enforcePasswordPolicy(pool, input.ProposedPassword, 'Password does not conform to policy: ');
  await checkNewPassword(ctx, pool, subject.client, input.ProposedPassword, 'PASSWORD_CHANGE');
  const now = ctx.app.clock.now();
  await saveUser(ctx.app, pool, {
    ...user,
    password: await createPasswordCredential(pool.id, user.username, input.ProposedPassword, false, now),
    updatedAt: now,
  });
  return {};
});
