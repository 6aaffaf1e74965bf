import { defineOperation } from '../app.js';
import { describeIdentityProvider } from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'GetIdentityProviderByIdentifier', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const provider = await ctx.app.store.identityProviders.getByIdentifier(pool.id, input.IdpIdentifier);
  if (!provider) throw errors.idpIdentifierNotFound(input.IdpIdentifier, pool.id);
  return { IdentityProvider: await describeIdentityProvider(ctx.app, provider) };
});
