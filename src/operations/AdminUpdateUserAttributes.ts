import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { requireUser } from '../users/accounts.js';
import { updateAttributes } from '../users/updates.js';

export default defineOperation({ name: 'AdminUpdateUserAttributes', quota: 'UserUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx, pool, input.Username);
  await updateAttributes(ctx, pool, user, input.UserAttributes, { kind: 'admin' });
  return {};
});
