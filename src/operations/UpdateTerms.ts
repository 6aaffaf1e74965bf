import { defineOperation } from '../app.js';
import { describeTerms, replaceDocument, type TermsBody } from '../managedLogin/documents.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { PoolDocumentRecord } from '../store/records.js';

// Members left out keep their values.
export default defineOperation({ name: 'UpdateTerms', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const current = (await ctx.app.store.documents.get(pool.id, 'terms', input.TermsId)) as PoolDocumentRecord<TermsBody> | undefined;
  if (!current) throw errors.termsNotFound(input.TermsId);
  const body: TermsBody = {
    TermsName: input.TermsName ?? current.body.TermsName,
    TermsSource: input.TermsSource ?? current.body.TermsSource,
    Enforcement: input.Enforcement ?? current.body.Enforcement,
    Links: input.Links ?? current.body.Links,
  };
  const doc = await replaceDocument(ctx.app, { ...current, name: body.TermsName, body }, () => errors.termsExist(body.TermsName), () => errors.termsNotFound(input.TermsId));
  return { Terms: describeTerms(doc) };
});
