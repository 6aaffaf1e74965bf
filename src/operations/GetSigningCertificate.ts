import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'GetSigningCertificate', quota: 'UserPoolRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const certificate = await ctx.app.keys.samlCertificate(pool.id);
  if (certificate === undefined) throw errors.poolNotFound(pool.id);
  return { Certificate: certificate };
});
