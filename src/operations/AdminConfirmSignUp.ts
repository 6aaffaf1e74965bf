import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import { postConfirmation } from '../triggers/signUp.js';
import { requireUser, saveUser } from '../users/accounts.js';

// An administrator confirms a self-registered user without a code; only UNCONFIRMED users can be confirmed.
export default defineOperation({ name: 'AdminConfirmSignUp', quota: 'UserCreation' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  if (user.status !== 'UNCONFIRMED') throw errors.cannotConfirm(user.status);
  const confirmed = { ...user, status: 'CONFIRMED' as const, updatedAt: ctx.app.clock.now() };
  await saveUser(ctx.app, pool, confirmed);
  await postConfirmation(ctx, pool, 'PostConfirmation_ConfirmSignUp', confirmed);
  return {};
});
