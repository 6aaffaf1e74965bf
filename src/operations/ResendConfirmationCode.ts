import { defineOperation } from '../app.js';
import { admitCodeDelivery } from '../auth/attempts.js';
import { verifySecretHash } from '../auth/secretHash.js';
import { errors } from '../protocol/errors.js';
import { requireClientAndPool, revealsUserExistence } from '../pools/lookup.js';
import { findUserBySignInName } from '../users/attributes.js';
import { deliverCode, deliveryDetails, SIGN_UP_PURPOSE, verificationChannel } from '../users/messages.js';
import { isEmail } from '../users/schema.js';

// A new sign-up code replaces the previous one, which stops working. Codes sent to one user are limited
// (auth/attempts.ts): past the limit, LimitExceededException.
export default defineOperation({ name: 'ResendConfirmationCode', quota: 'UserAccountRecovery', authEvent: 'ResendCode' }, async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx.app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  const user = await findUserBySignInName(ctx.app.store, pool, input.Username);
  verifySecretHash(client, input.SecretHash, [input.Username, ...(user ? [user.username] : [])]);
  if (!user) {
    if (revealsUserExistence(client)) throw errors.userClientNotFound();
    // With PreventUserExistenceErrors the answer looks like a delivery, whoever asks, limits included.
    await admitCodeDelivery(ctx.app, pool.id, input.Username);
    return isEmail(input.Username) ? { CodeDeliveryDetails: deliveryDetails('EMAIL', input.Username) } : {};
  }
  ctx.note({ user: user.username });
  if (user.status !== 'UNCONFIRMED') throw errors.alreadyConfirmed();
  const channel = verificationChannel(pool, user.attributes);
  if (!channel) throw errors.autoVerificationOff();
  await admitCodeDelivery(ctx.app, pool.id, user.username);
  return { CodeDeliveryDetails: await deliverCode(ctx, pool, user, SIGN_UP_PURPOSE, channel, { source: 'ResendCode' }) };
});
