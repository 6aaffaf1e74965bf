import { defineOperation } from '../app.js';
import type { TermsBody } from '../managedLogin/documents.js';
import { requirePool } from '../pools/lookup.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import type { PoolDocumentRecord } from '../store/records.js';

/** ListTerms' page when MaxResults is left out. */
const DEFAULT_PAGE = 10;

export default defineOperation({ name: 'ListTerms', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const scope = `terms\n${pool.id}\n${pool.createdAt}`;
  const after = decodeNextToken(ctx.app.serverSecret, scope, input.NextToken);
  const page = await ctx.app.store.documents.list(pool.id, 'terms', input.MaxResults || DEFAULT_PAGE, after);
  const Terms = (page.items as PoolDocumentRecord<TermsBody>[]).map((doc) => ({
    TermsId: doc.id,
    TermsName: doc.body.TermsName,
    Enforcement: doc.body.Enforcement,
    CreationDate: new Date(doc.createdAt),
    LastModifiedDate: new Date(doc.updatedAt),
  }));
  return { Terms, NextToken: encodeNextToken(ctx.app.serverSecret, scope, page.next) };
});
