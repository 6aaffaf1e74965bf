import { defineOperation } from '../app.js';
import { brandingBody, createDocument, describeBranding } from '../managedLogin/documents.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

// One branding style per app client: its settings and assets, or Cognito's defaults (UseCognitoProvidedValues).
export default defineOperation({ name: 'CreateManagedLoginBranding', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, input.ClientId, pool.id);
  ctx.note({ client: client.clientId });
  const doc = await createDocument(
    ctx.app,
    { poolId: pool.id, kind: 'branding', clientId: client.clientId, name: '', body: brandingBody(input) },
    () => errors.brandingExists(`client ${client.clientId}`),
  );
  return { ManagedLoginBranding: describeBranding(doc) };
});
