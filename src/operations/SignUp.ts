import { defineOperation } from '../app.js';
import { verifySecretHash } from '../auth/secretHash.js';
import { errors } from '../protocol/errors.js';
import { requireClientAndPool } from '../pools/lookup.js';
import type { UserRecord } from '../store/records.js';
import { insertUser, newUsername } from '../users/accounts.js';
import { deliverCode, SIGN_UP_PURPOSE, verificationChannel } from '../users/messages.js';
import { createPasswordCredential, enforcePasswordPolicy } from '../users/passwords.js';
import { checkAttributes } from '../users/schema.js';

// Self-registration: an UNCONFIRMED user and a confirmation code by the pool's auto-verified channel
// (docs: "Signing up and confirming user accounts").
export default defineOperation({ name: 'SignUp', quota: 'UserCreation', authEvent: 'SignUp' }, async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx, input.ClientId);
  if (pool.settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly) throw errors.signUpNotAllowed();
  verifySecretHash(client, input.SecretHash, [input.Username]);
  const name = newUsername(pool, input.Username);
  const attributes = checkAttributes(pool, input.UserAttributes, { kind: 'client', client }, { creating: true, existing: name.attributes });
  enforcePasswordPolicy(pool, input.Password!, 'Password did not conform with policy: ');
  const now = ctx.app.clock.now();
  const user: UserRecord = {
    poolId: pool.id,
    username: name.username,
    sub: name.sub,
    status: 'UNCONFIRMED',
    enabled: true,
    attributes: { sub: name.sub, ...attributes, ...name.attributes },
    password: await createPasswordCredential(pool.id, name.username, input.Password!, false, now),
    preferences: {},
    createdAt: now,
    updatedAt: now,
  };
  await insertUser(ctx, pool, user, () => errors.usernameExists());
  const channel = verificationChannel(pool, user.attributes);
  const CodeDeliveryDetails = channel ? await deliverCode(ctx, pool, user, SIGN_UP_PURPOSE, channel) : undefined;
  return { UserConfirmed: false, UserSub: user.sub, CodeDeliveryDetails };
});
