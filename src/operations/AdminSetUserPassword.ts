import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser, saveUser } from '../users/accounts.js';
import { createPasswordCredential, enforcePasswordPolicy } from '../users/passwords.js';

const SET_PASSWORD_POLICY_PREFIX = 'Password does not conform to policy: ';

// A permanent password confirms the user; a temporary one makes them choose a new one at sign-in
// (docs: AdminSetUserPassword).
export default defineOperation({ name: 'AdminSetUserPassword', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  enforcePasswordPolicy(pool, input.Password, SET_PASSWORD_POLICY_PREFIX);
  const now = ctx.app.clock.now();
  const permanent = input.Permanent === true;
  await saveUser(ctx.app, pool, {
    ...user,
    status: permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD',
    password: await createPasswordCredential(pool.id, user.username, input.Password, !permanent, now),
    updatedAt: now,
  });
  return {};
});
