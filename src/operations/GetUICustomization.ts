import { defineOperation } from '../app.js';
import { describeUi, type UiBody } from '../managedLogin/documents.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import type { PoolDocumentRecord } from '../store/records.js';

// The client's own customization, else the pool's (ClientId ALL); only the pool's without ClientId.
export default defineOperation({ name: 'GetUICustomization', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = input.ClientId === undefined ? undefined : await requireClient(ctx.app, input.ClientId, pool.id);
  const own = client && (await ctx.app.store.documents.findByClient(pool.id, 'ui', client.clientId, ''));
  const doc = own ?? (await ctx.app.store.documents.findByClient(pool.id, 'ui', '', ''));
  return { UICustomization: describeUi(pool.id, own ? client!.clientId : undefined, doc as PoolDocumentRecord<UiBody> | undefined) };
});
