import { defineOperation } from '../app.js';
import { checkNewPassword } from '../risk/assess.js';
import { judgeGuess } from '../auth/attempts.js';
import { verifySecretHash } from '../auth/secretHash.js';
import { errors } from '../protocol/errors.js';
import { requireClientAndPool, revealsUserExistence } from '../pools/lookup.js';
import { findUserBySignInName } from '../users/attributes.js';
import { saveUser } from '../users/accounts.js';
import { redeemCode } from '../users/messages.js';
import { postConfirmation } from '../triggers/signUp.js';
import { createPasswordCredential, enforcePasswordPolicy } from '../users/passwords.js';
import { FORGOT_PASSWORD_PURPOSE, recoverableUser } from '../users/recovery.js';

// The reset code and a new password: the password is checked against the policy first, so that a
// refused one spends no code; then the code is redeemed as every code is (wrong ones counted per user),
// and the user is CONFIRMED with the new password. Cognito signs no one out here, and neither does keypool.
export default defineOperation({ name: 'ConfirmForgotPassword', quota: 'UserAccountRecovery', authEvent: 'ForgotPassword' }, async (input, ctx) => {
  const { app } = ctx;
  const { pool, client } = await requireClientAndPool(app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  const found = await findUserBySignInName(app.store, pool, input.Username);
  verifySecretHash(client, input.SecretHash, [input.Username, ...(found ? [found.username] : [])]);
  const user = recoverableUser(client, found);
  if (!user) {
    if (revealsUserExistence(client)) throw errors.userClientNotFound();
    // A name nobody holds guesses under the same lockout as a user, and every guess is wrong.
    await judgeGuess(app, { poolId: pool.id, subject: input.Username, kind: 'CODE', lockedOut: errors.attemptLimit }, async () => false);
    throw errors.codeMismatch('no such user');
  }
  ctx.note({ user: user.username });
  enforcePasswordPolicy(pool, input.Password, 'Password does not conform to policy: ');
  await checkNewPassword(ctx, pool, client.clientId, input.Password, 'PASSWORD_CHANGE');
  await redeemCode(app, user, FORGOT_PASSWORD_PURPOSE, input.ConfirmationCode);
  const now = app.clock.now();
  const reset = {
    ...user,
    status: 'CONFIRMED' as const,
    password: await createPasswordCredential(pool.id, user.username, input.Password, false, now),
    updatedAt: now,
  };
  await saveUser(app, pool, reset);
  await postConfirmation(ctx, pool, 'PostConfirmation_ConfirmForgotPassword', reset);
  return {};
});
