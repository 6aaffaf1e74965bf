import { defineOperation } from '../app.js';
import { describeIdentityProvider, requireIdentityProvider } from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';

export default defineOperation({ name: 'DescribeIdentityProvider', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { IdentityProvider: await describeIdentityProvider(ctx.app, await requireIdentityProvider(ctx.app, pool, input.ProviderName)) };
});
