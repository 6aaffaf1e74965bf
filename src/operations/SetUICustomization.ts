import { defineOperation } from '../app.js';
import { createDocument, describeUi, replaceDocument, type UiBody } from '../managedLogin/documents.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { PoolDocumentRecord } from '../store/records.js';

// The classic hosted UI's CSS and logo, for one app client or (without ClientId) for every client
// that has none of its own. Setting replaces both.
export default defineOperation({ name: 'SetUICustomization', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const clientId = input.ClientId === undefined ? '' : (await requireClient(ctx.app, input.ClientId, pool.id)).clientId;
  const body: UiBody = { CSS: input.CSS, ImageFile: input.ImageFile };
  const current = (await ctx.app.store.documents.findByClient(pool.id, 'ui', clientId, '')) as PoolDocumentRecord<UiBody> | undefined;
  // Two setters at once: the second replaces what the first wrote.
  const conflict = () => errors.internal('the UI customization changed meanwhile');
  const doc = current
    ? await replaceDocument(ctx.app, { ...current, body }, conflict, conflict)
    : await createDocument(ctx.app, { poolId: pool.id, kind: 'ui', clientId, name: '', body }, conflict);
  return { UICustomization: describeUi(pool.id, input.ClientId, doc) };
});
