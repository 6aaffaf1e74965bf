import { defineOperation } from '../app.js';
import { errors } from '../protocol/errors.js';
import { requirePool } from '../pools/lookup.js';
import type { UserRecord } from '../store/records.js';
import { describeUser, insertUser, newUsername, requireUser, saveUser } from '../users/accounts.js';
import { sendInvitation } from '../users/invitations.js';
import { createPasswordCredential, enforcePasswordPolicy, generateTemporaryPassword } from '../users/passwords.js';
import { checkAttributes } from '../users/schema.js';
import { applyPreSignUp, preSignUp } from '../triggers/signUp.js';

const POLICY_PREFIX = 'Password did not conform with password policy: ';

export default defineOperation({ name: 'AdminCreateUser', quota: 'UserCreation' }, async (input, ctx) => {
  const { app } = ctx;
  const pool = await requirePool(app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  if (input.TemporaryPassword !== undefined) enforcePasswordPolicy(pool, input.TemporaryPassword, POLICY_PREFIX);
  const temporaryPassword = input.TemporaryPassword ?? generateTemporaryPassword(pool);
  const now = app.clock.now();

  if (input.MessageAction === 'RESEND') {
    // RESEND re-issues the invitation of a user who has not signed in yet, with a fresh temporary password.
    const user = await requireUser(app, pool, input.Username);
    ctx.note({ user: user.username });
    if (user.status !== 'FORCE_CHANGE_PASSWORD') {
      throw errors.resendNotPossible(input.Username);
    }
    const updated: UserRecord = {
      ...user,
      password: await createPasswordCredential(pool.id, user.username, temporaryPassword, true, now),
      updatedAt: now,
    };
    await saveUser(app, pool, updated);
    await sendInvitation(ctx, pool, updated, input.Username, temporaryPassword, input.DesiredDeliveryMediums);
    return { User: describeUser(updated) };
  }

  const name = newUsername(pool, input.Username);
  const given = checkAttributes(pool, input.UserAttributes, { kind: 'admin' }, { creating: true, existing: name.attributes });
  const created: UserRecord = {
    poolId: pool.id,
    username: name.username,
    sub: name.sub,
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    attributes: { sub: name.sub, ...given, ...name.attributes },
    password: await createPasswordCredential(pool.id, name.username, temporaryPassword, true, now),
    preferences: {},
    createdAt: now,
    updatedAt: now,
  };
  const user = applyPreSignUp(created, await preSignUp(ctx, pool, 'PreSignUp_AdminCreateUser', created, input.ValidationData), false);
  await insertUser(app, pool, user, () => errors.adminUsernameExists());
  ctx.note({ user: user.username });
  if (input.MessageAction !== 'SUPPRESS') {
    await sendInvitation(ctx, pool, user, input.Username, temporaryPassword, input.DesiredDeliveryMediums);
  }
  return { User: describeUser(user) };
});
