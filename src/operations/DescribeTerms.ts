import { defineOperation } from '../app.js';
import { describeTerms, type TermsBody } from '../managedLogin/documents.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { PoolDocumentRecord } from '../store/records.js';

export default defineOperation({ name: 'DescribeTerms', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const doc = await ctx.app.store.documents.get(pool.id, 'terms', input.TermsId);
  if (!doc) throw errors.termsNotFound(input.TermsId);
  return { Terms: describeTerms(doc as PoolDocumentRecord<TermsBody>) };
});
