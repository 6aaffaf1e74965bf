import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'DeleteTerms', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  if (!(await ctx.app.store.documents.delete(pool.id, 'terms', input.TermsId))) throw errors.termsNotFound(input.TermsId);
  return {};
});
