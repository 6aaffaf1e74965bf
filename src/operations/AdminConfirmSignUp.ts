import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';

// An administrator confirms a self-registered user without a code; only UNCONFIRMED users can be confirmed.
export default defineOperation({ name: 'AdminConfirmSignUp', quota: 'UserCreation' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx, pool, input.Username);
  if (user.status !== 'UNCONFIRMED') throw errors.cannotConfirm(user.status);
  await saveUser(ctx, pool, { ...user, status: 'CONFIRMED', updatedAt: ctx.app.clock.now() });
  return {};
});
