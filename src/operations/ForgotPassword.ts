import { defineOperation } from '../app.js';
import { admitCodeDelivery } from '../auth/attempts.js';
import { verifySecretHash } from '../auth/secretHash.js';
import { simulatedDeliveryDetails } from '../auth/unknownUsers.js';
import { errors } from '../protocol/errors.js';
import { requireClientAndPool, revealsUserExistence } from '../pools/lookup.js';
import { migrateUser } from '../triggers/migration.js';
import { findUserBySignInName } from '../users/attributes.js';
import {
  likelyRecoveryChannel,
  recoverableUser,
  recoveryChannel,
  recoveryIsAdminOnly,
  refuseUnresettable,
  sendResetCode,
} from '../users/recovery.js';

// A reset code by the channel the pool's AccountRecoverySetting chooses among the user's verified
// ones (docs: ForgotPassword). Codes sent to one user are limited (auth/attempts.ts).
export default defineOperation({ name: 'ForgotPassword', quota: 'UserAccountRecovery', authEvent: 'ForgotPassword' }, async (input, ctx) => {
  const { app } = ctx;
  const { pool, client } = await requireClientAndPool(app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  let found = await findUserBySignInName(app.store, pool, input.Username);
  verifySecretHash(client, input.SecretHash, [input.Username, ...(found ? [found.username] : [])]);
  found ??= await migrateUser(ctx, pool, input.Username, 'UserMigration_ForgotPassword');
  if (recoveryIsAdminOnly(pool)) throw errors.recoveryAdminOnly();
  const user = recoverableUser(client, found);
  if (!user) {
    if (revealsUserExistence(client)) throw errors.userClientNotFound();
    // With PreventUserExistenceErrors a name nobody holds is answered as a delivery, limits included.
    await admitCodeDelivery(app, pool.id, input.Username);
    return { CodeDeliveryDetails: simulatedDeliveryDetails(app, pool, input.Username, likelyRecoveryChannel(pool, input.Username)) };
  }
  ctx.note({ user: user.username });
  refuseUnresettable(user);
  const channel = recoveryChannel(pool, user);
  if (!channel) throw errors.noRecoveryChannel();
  await admitCodeDelivery(app, pool.id, user.username);
  return { CodeDeliveryDetails: await sendResetCode(ctx, pool, user, channel) };
});
