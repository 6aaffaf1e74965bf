import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { saveUser } from '../users/accounts.js';
import { createPasswordCredential, enforcePasswordPolicy, verifyPassword } from '../users/passwords.js';

export default defineOperation({ name: 'ChangePassword', quota: 'UserUpdate', authEvent: 'PasswordChange' }, async (input, ctx) => {
  const { pool, user } = await authorizeAccessToken(ctx, input.AccessToken);
  const previous = input.PreviousPassword;
  const ok = previous !== undefined && user.password !== undefined && (await verifyPassword(previous, user.password.hash));
  if (!ok) throw errors.incorrectCredentials('wrong previous password');
  enforcePasswordPolicy(pool, input.ProposedPassword, 'Password does not conform to policy: ');
  const now = ctx.app.clock.now();
  await saveUser(ctx, pool, {
    ...user,
    password: await createPasswordCredential(pool.id, user.username, input.ProposedPassword, false, now),
    updatedAt: now,
  });
  return {};
});
