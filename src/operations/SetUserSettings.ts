import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { setMfaOptions } from '../users/settings.js';

export default defineOperation({ name: 'SetUserSettings', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  await setMfaOptions(ctx.app, pool, user, input.MFAOptions);
  return {};
});
