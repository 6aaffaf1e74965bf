import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { startRegistration } from '../passkeys/registration.js';
import { authorizeAccessToken } from '../tokens/authorize.js';

export default defineOperation({ name: 'StartWebAuthnRegistration', quota: 'UserUpdate', authEvent: 'PasskeyRegistration' }, async (input, ctx) => {
  const authorized = await authorizeAccessToken(ctx.app, input.AccessToken);
  ctx.note(authorized.subject);
  const { pool, user, clientId } = admitPasskeyOwner(authorized);
  return { CredentialCreationOptions: await startRegistration(ctx.app, pool, user, clientId) };
});
