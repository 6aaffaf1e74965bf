import { defineOperation } from '../app.js';
import { clientAllows } from '../auth/flows/index.js';
import { verifySecretHash } from '../auth/secretHash.js';
import { signUpSession } from '../auth/userAuth/afterSignUp.js';
import { errors } from '../protocol/errors.js';
import { requireClientAndPool, revealsUserExistence } from '../pools/lookup.js';
import type { UserRecord } from '../store/records.js';
import { aliasesFor, findUserBySignInName } from '../users/attributes.js';
import { saveUser } from '../users/accounts.js';
import { postConfirmation } from '../triggers/signUp.js';
import { channelAttribute, redeemCode, SIGN_UP_PURPOSE, verificationChannel } from '../users/messages.js';

// The code proves the address it went to: the user is CONFIRMED and that attribute verified. A verified
// alias another user holds is AliasExistsException, unless ForceAliasCreation moves it to this user.
export default defineOperation({ name: 'ConfirmSignUp', quota: 'UserCreation', authEvent: 'SignUp' }, async (input, ctx) => {
  const { app } = ctx;
  const { pool, client } = await requireClientAndPool(app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  const user = await findUserBySignInName(app.store, pool, input.Username);
  verifySecretHash(client, input.SecretHash, [input.Username, ...(user ? [user.username] : [])]);
  if (!user) throw revealsUserExistence(client) ? errors.userClientNotFound() : errors.codeMismatch('no such user');
  ctx.note({ user: user.username });
  if (user.status !== 'UNCONFIRMED') throw errors.cannotConfirm(user.status);

  const channel = verificationChannel(pool, user.attributes);
  const attributes = { ...user.attributes };
  if (channel) attributes[`${channelAttribute(channel)}_verified`] = 'true';
  const confirmed: UserRecord = { ...user, status: 'CONFIRMED', attributes, updatedAt: app.clock.now() };

  const taken: { holder: UserRecord; kind: string }[] = [];
  for (const alias of aliasesFor(pool, attributes)) {
    const holder = await app.store.users.findByAlias(pool.id, alias);
    if (holder && holder.username !== user.username) taken.push({ holder, kind: alias.kind });
  }
  if (taken.length && !input.ForceAliasCreation) throw errors.aliasExists(taken[0]!.kind);

  await redeemCode(app, user, SIGN_UP_PURPOSE, input.ConfirmationCode);
  for (const { holder, kind } of taken) {
    await saveUser(app, pool, { ...holder, attributes: { ...holder.attributes, [`${kind}_verified`]: 'false' }, updatedAt: app.clock.now() });
  }
  await saveUser(app, pool, confirmed);
  await postConfirmation(ctx, pool, 'PostConfirmation_ConfirmSignUp', confirmed);
  // Where USER_AUTH is open to the client, the user may go on without another factor (auth/userAuth/afterSignUp.ts).
  const userAuthOpen = clientAllows(client, 'ALLOW_USER_AUTH') && pool.settings.UserPoolTier !== 'LITE';
  return userAuthOpen ? { Session: await signUpSession(app, client, confirmed) } : {};
});
