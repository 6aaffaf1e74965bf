import { defineOperation } from '../app.js';
import { COGNITO_SUBJECT, federatedUsername, providerUser, requireNamedProvider } from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import { requireUser, saveUser } from '../users/accounts.js';

// Stops a provider's user from signing in through that provider: their link to a user of the pool
// goes, and the federated user their sign-ins made, if any, is disabled. With ProviderName Cognito
// the user of the pool named by ProviderAttributeValue is disabled (API reference,
// AdminDisableProviderForUser).
export default defineOperation({ name: 'AdminDisableProviderForUser', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const target = providerUser('User', input.User, true);
  const now = ctx.app.clock.now();
  const disable = async (username: string) => {
    const user = await ctx.app.store.users.get(pool.id, username);
    if (!user) return false;
    if (user.enabled) await saveUser(ctx.app, pool, { ...user, enabled: false, updatedAt: now });
    await ctx.app.store.tokens.revokeUser(pool.id, user.username, now);
    return true;
  };

  if (target.ProviderName === 'Cognito') {
    const user = await requireUser(ctx.app, pool, target.ProviderAttributeValue);
    ctx.note({ user: user.username });
    await disable(user.username);
    return {};
  }
  await requireNamedProvider(ctx.app, pool, target.ProviderName);
  const unlinked = await ctx.app.store.identityProviders.unlink(pool.id, target.ProviderName, target.ProviderAttributeName!, target.ProviderAttributeValue);
  const federated =
    target.ProviderAttributeName === COGNITO_SUBJECT && (await disable(federatedUsername(target.ProviderName, target.ProviderAttributeValue)));
  if (unlinked.length === 0 && !federated) throw errors.userNotFound('no link and no federated user of that provider user');
  return {};
});
