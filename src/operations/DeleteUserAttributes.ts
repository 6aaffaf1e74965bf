import { defineOperation } from '../app.js';
import { requireClient } from '../pools/lookup.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { deleteAttributes } from '../users/deletion.js';

// The user deletes their own attributes within what their app client may write.
export default defineOperation({ name: 'DeleteUserAttributes', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, clientId, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  const client = await requireClient(ctx.app, clientId, pool.id);
  await deleteAttributes(ctx.app, pool, user, input.UserAttributeNames, { kind: 'client', client });
  return {};
});
