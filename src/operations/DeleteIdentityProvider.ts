import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

// The provider's links to users go with it, and app clients stop offering it (docs/decisions.md, "Identity providers").
export default defineOperation({ name: 'DeleteIdentityProvider', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  if (!(await ctx.app.store.identityProviders.delete(pool.id, input.ProviderName))) throw errors.identityProviderNotFound(input.ProviderName, pool.id);
  return {};
});
