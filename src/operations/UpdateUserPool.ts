import { defineOperation } from '../app.js';
import { KEPT_ON_UPDATE, replacedPoolSettings } from '../pools/defaults.js';
import { requirePool } from '../pools/lookup.js';
import { checkPoolSettings } from '../pools/rules.js';
import { dependentAboveTier } from '../pools/tierDependents.js';
import { featuresAboveTier, tierOf } from '../pools/tiers.js';
import { errors } from '../protocol/errors.js';

const kept = new Set<string>(KEPT_ON_UPDATE);

export default defineOperation({ name: 'UpdateUserPool', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const { UserPoolId, PoolName, ...config } = input;
  const pool = await requirePool(ctx.app, UserPoolId);
  ctx.note({ pool: pool.id });
  const settings = replacedPoolSettings(pool.settings, config);
  const tier = tierOf(settings);
  // A feature this request cannot switch off (one set through SetUserPoolMfaConfig) blocks the move
  // to a plan without it; a feature the request itself asks for is simply unavailable in the plan.
  const blocking = featuresAboveTier(settings, tier).find((feature) => kept.has(feature));
  if (blocking && tier !== tierOf(pool.settings)) {
    throw errors.tierChangeBlocked(tier, blocking);
  }
  const dependent = tier === tierOf(pool.settings) ? undefined : await dependentAboveTier(ctx.app, pool.id, tier);
  if (dependent) throw errors.tierChangeBlocked(tier, dependent);
  checkPoolSettings(settings);
  const updated = { ...pool, name: PoolName ?? pool.name, settings, updatedAt: ctx.app.clock.now() };
  if (!(await ctx.app.store.pools.update(updated))) throw errors.poolNotFound(pool.id);
  return {};
});
