import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { verifyAttribute } from '../users/verification.js';

export default defineOperation({ name: 'VerifyUserAttribute', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  await verifyAttribute(ctx.app, pool, user, input.AttributeName, input.Code);
  return {};
});
