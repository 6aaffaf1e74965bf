import { defineOperation } from '../app.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { describeUserDetails } from '../users/accounts.js';

export default defineOperation({ name: 'GetUser', quota: 'UserRead' }, async (input, ctx) => {
  const { user, subject } = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(subject);
  return describeUserDetails(user);
});
