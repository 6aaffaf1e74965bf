import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { completeRegistration } from '../passkeys/registration.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'CompleteWebAuthnRegistration', quota: 'UserUpdate', authEvent: 'PasskeyRegistration' }, async (input, ctx) => {
  const authorized = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(authorized.subject);
  const { pool, user, clientId } = admitPasskeyOwner(authorized);
  await completeRegistration(ctx.app, pool, user, clientId, input.Credential);
  return {};
});
