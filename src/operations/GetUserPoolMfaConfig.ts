import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { mfaConfigOf } from '../pools/mfa.js';

export default defineOperation({ name: 'GetUserPoolMfaConfig', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  return mfaConfigOf(pool.settings);
});
