import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { describeUserDetails, requireUser } from '../users/accounts.js';

export default defineOperation({ name: 'AdminGetUser', quota: 'UserRead' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const user = await requireUser(ctx.app, pool, input.Username);
  ctx.note({ user: user.username });
  const { Username, UserAttributes, MFAOptions, PreferredMfaSetting, UserMFASettingList } = describeUserDetails(user);
  return {
    Username,
    UserAttributes,
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    MFAOptions,
    PreferredMfaSetting,
    UserMFASettingList,
  };
});
