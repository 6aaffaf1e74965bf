import { defineOperation } from '../app.js';
import { checkNewPassword } from '../risk/assess.js';
import { verifySecretHash } from '../auth/secretHash.js';
import { errors } from '../protocol/errors.js';
import { requireClientAndPool } from '../pools/lookup.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { insertUser, newUsername } from '../users/accounts.js';
import { deliverCode, SIGN_UP_PURPOSE, verificationChannel } from '../users/messages.js';
import { createPasswordCredential, enforcePasswordPolicy } from '../users/passwords.js';
import { checkAttributes } from '../users/schema.js';
import { applyPreSignUp, postConfirmation, preSignUp } from '../triggers/signUp.js';

/** A user may sign up without a password where they can sign in with a one-time code (API reference, SignUp Password). */
const allowsPasswordless = (pool: PoolRecord): boolean =>
  (pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? []).some((factor) => factor === 'EMAIL_OTP' || factor === 'SMS_OTP');

// Self-registration: an UNCONFIRMED user and a confirmation code by the pool's auto-verified channel
// (docs: "Signing up and confirming user accounts").
export default defineOperation({ name: 'SignUp', quota: 'UserCreation', authEvent: 'SignUp' }, async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx.app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  if (pool.settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly) throw errors.signUpNotAllowed();
  verifySecretHash(client, input.SecretHash, [input.Username]);
  const name = newUsername(pool, input.Username);
  const attributes = checkAttributes(pool, input.UserAttributes, { kind: 'client', client }, { creating: true, existing: name.attributes });
  const { Password: password } = input;
  if (password === undefined) {
    if (!allowsPasswordless(pool)) throw errors.passwordRequired();
  } else {
    enforcePasswordPolicy(pool, password, 'Password did not conform with policy: ');
    await checkNewPassword(ctx, pool, client.clientId, password, 'SIGN_UP');
  }
  const now = ctx.app.clock.now();
  const created: UserRecord = {
    poolId: pool.id,
    username: name.username,
    sub: name.sub,
    status: 'UNCONFIRMED',
    enabled: true,
    attributes: { sub: name.sub, ...attributes, ...name.attributes },
    password: password === undefined ? undefined : await createPasswordCredential(pool.id, name.username, password, false, now),
    preferences: {},
    createdAt: now,
    updatedAt: now,
  };
  const user = applyPreSignUp(created, await preSignUp(ctx, pool, 'PreSignUp_SignUp', created, input.ValidationData), true);
  await insertUser(ctx.app, pool, user, () => errors.usernameExists());
  ctx.note({ user: user.username });
  if (user.status === 'CONFIRMED') {
    await postConfirmation(ctx, pool, 'PostConfirmation_ConfirmSignUp', user);
    return { UserConfirmed: true, UserSub: user.sub };
  }
  const channel = verificationChannel(pool, user.attributes);
  const CodeDeliveryDetails = channel ? await deliverCode(ctx, pool, user, SIGN_UP_PURPOSE, channel, { source: 'SignUp' }) : undefined;
  return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails };
});
