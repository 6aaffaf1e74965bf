import { defineOperation } from '../app.js';
import { requireClient } from '../pools/lookup.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { updateAttributes } from '../users/updates.js';

// The user changes their own attributes within what their app client may write.
export default defineOperation({ name: 'UpdateUserAttributes', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, clientId, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  const client = await requireClient(ctx.app, clientId, pool.id);
  ctx.note({ client: client.clientId });
  const deliveries = await updateAttributes(ctx, pool, user, input.UserAttributes, { kind: 'client', client });
  return { CodeDeliveryDetailsList: deliveries };
});
