import { defineOperation } from '../app.js';
import { brandingBody, describeBranding, replaceDocument, type BrandingBody } from '../managedLogin/documents.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { PoolDocumentRecord } from '../store/records.js';

// Replaces the style's settings and assets (or returns it to Cognito's defaults).
export default defineOperation({ name: 'UpdateManagedLoginBranding', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  // The model leaves both optional; without them there is no style to update.
  if (!input.UserPoolId) throw errors.brandingMemberRequired('UserPoolId');
  if (!input.ManagedLoginBrandingId) throw errors.brandingMemberRequired('ManagedLoginBrandingId');
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const id = input.ManagedLoginBrandingId;
  const current = await ctx.app.store.documents.get(pool.id, 'branding', id);
  if (!current) throw errors.brandingNotFound(id);
  const gone = () => errors.brandingNotFound(id);
  const doc = await replaceDocument(ctx.app, { ...(current as PoolDocumentRecord<BrandingBody>), body: brandingBody(input) }, gone, gone);
  return { ManagedLoginBranding: describeBranding(doc) };
});
