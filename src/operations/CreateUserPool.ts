import { defineOperation } from '../app.js';
import { newPoolId } from '../ids.js';
import { newPoolSettings } from '../pools/defaults.js';
import { describePool } from '../pools/describe.js';
import { checkNewPoolInput, checkPoolSettings } from '../pools/rules.js';
import type { PoolRecord } from '../store/records.js';

export default defineOperation({ name: 'CreateUserPool', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const { app } = ctx;
  const { PoolName, ...config } = input;
  checkNewPoolInput(config);
  const settings = newPoolSettings(config);
  checkPoolSettings(settings);
  const now = app.clock.now();
  const pool: PoolRecord = { id: newPoolId(app.config.region), name: PoolName, settings, createdAt: now, updatedAt: now };
  const keys = await Promise.all([app.keys.newKey(pool.id, 'id'), app.keys.newKey(pool.id, 'access')]);
  await app.store.pools.create(pool, keys);
  ctx.note({ pool: pool.id });
  return { UserPool: await describePool(app, pool) };
});
