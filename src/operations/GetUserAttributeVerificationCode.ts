import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { sendAttributeCode } from '../users/verification.js';

// A code to verify the signed-in user's email or phone number, sent to the value awaiting verification.
export default defineOperation({ name: 'GetUserAttributeVerificationCode', quota: 'UserUpdate' }, async (input, ctx) => {
  const { pool, user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  return { CodeDeliveryDetails: await sendAttributeCode(ctx, pool, user, input.AttributeName) };
});
