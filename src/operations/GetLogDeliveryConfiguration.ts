import { defineOperation } from '../app.js';
import { logConfigurations } from '../logDelivery/configuration.js';
import { requirePool } from '../pools/lookup.js';

// The pool's log delivery configuration: an empty list until one is set.
export default defineOperation({ name: 'GetLogDeliveryConfiguration', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return { LogDeliveryConfiguration: { UserPoolId: pool.id, LogConfigurations: await logConfigurations(ctx.app, pool.id) } };
});
