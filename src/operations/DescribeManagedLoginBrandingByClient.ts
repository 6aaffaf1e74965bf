import { defineOperation } from '../app.js';
import { describeBranding, type BrandingBody } from '../managedLogin/documents.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { PoolDocumentRecord } from '../store/records.js';

export default defineOperation({ name: 'DescribeManagedLoginBrandingByClient', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  const doc = await ctx.app.store.documents.findByClient(pool.id, 'branding', client.clientId, '');
  if (!doc) throw errors.brandingNotFoundForClient(client.clientId);
  return { ManagedLoginBranding: describeBranding(doc as PoolDocumentRecord<BrandingBody>) };
});
