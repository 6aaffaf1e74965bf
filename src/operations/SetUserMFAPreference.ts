import { defineOperation } from '../app.js';
import { setMfaPreference } from '../mfa/preferences.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'SetUserMFAPreference', quota: 'UserUpdate' }, async (input, ctx) => {
  const { AccessToken, ...preference } = input;
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, AccessToken);
  ctx.note(subject);
  await setMfaPreference(ctx.app, pool, user, preference);
  return {};
});
