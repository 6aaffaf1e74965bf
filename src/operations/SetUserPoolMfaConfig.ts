import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { mfaConfigOf, withMfaConfig } from '../pools/mfa.js';
import { requireTierFeatures } from '../pools/tiers.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'SetUserPoolMfaConfig', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const { UserPoolId, ...config } = input;
  const pool = await requirePool(ctx.app, UserPoolId);
  ctx.note({ pool: pool.id });
  const settings = withMfaConfig(pool.settings, config);
  requireTierFeatures(settings);
  if (!(await ctx.app.store.pools.update({ ...pool, settings, updatedAt: ctx.app.clock.now() }))) {
    throw errors.poolNotFound(pool.id);
  }
  return mfaConfigOf(settings);
});
