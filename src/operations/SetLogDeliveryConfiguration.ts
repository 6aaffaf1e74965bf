import { defineOperation } from '../app.js';
import { setLogConfigurations } from '../logDelivery/configuration.js';
import { requirePool } from '../pools/lookup.js';

// Replaces the pool's log delivery configuration whole; what it exports, and where, is in
// src/logDelivery/export.ts.
export default defineOperation({ name: 'SetLogDeliveryConfiguration', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const LogConfigurations = await setLogConfigurations(ctx.app, pool, input.LogConfigurations);
  return { LogDeliveryConfiguration: { UserPoolId: pool.id, LogConfigurations } };
});
