import { defineOperation } from '../app.js';
import { describeBranding, type BrandingBody } from '../managedLogin/documents.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { PoolDocumentRecord } from '../store/records.js';

export default defineOperation({ name: 'DescribeManagedLoginBranding', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const doc = await ctx.app.store.documents.get(pool.id, 'branding', input.ManagedLoginBrandingId);
  if (!doc) throw errors.brandingNotFound(input.ManagedLoginBrandingId);
  return { ManagedLoginBranding: describeBranding(doc as PoolDocumentRecord<BrandingBody>) };
});
