import { defineOperation } from '../app.js';
import { admitCodeDelivery } from '../auth/attempts.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';
import { recoveryChannel, recoveryIsAdminOnly, refuseUnresettable, sendResetCode } from '../users/recovery.js';

// The user's password stops working (RESET_REQUIRED: sign-in answers PasswordResetRequiredException)
// and a reset code goes to them for ConfirmForgotPassword (docs: AdminResetUserPassword). The pool must
// allow self-service recovery and the user need a verified channel; otherwise nothing changes.
export default defineOperation({ name: 'AdminResetUserPassword', quota: 'UserAccountRecovery' }, async (input, ctx) => {
  const { app } = ctx;
  const pool = await requirePool(app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(app, pool, input.Username);
  ctx.note({ user: user.username });
  if (user.status === 'UNCONFIRMED') throw errors.passwordCannotBeReset(`status ${user.status}`);
  refuseUnresettable(user);
  if (recoveryIsAdminOnly(pool)) throw errors.recoveryAdminOnly('RecoveryMechanisms admin_only: set a password with AdminSetUserPassword');
  const channel = recoveryChannel(pool, user);
  if (!channel) throw errors.noRecoveryChannel();
  await admitCodeDelivery(app, pool.id, user.username);
  const reset = { ...user, status: 'RESET_REQUIRED' as const, updatedAt: app.clock.now() };
  await saveUser(app, pool, reset);
  await sendResetCode(ctx, pool, reset, channel);
  return {};
});
