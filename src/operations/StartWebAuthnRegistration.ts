import { randomBytes } from 'node:crypto';
import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { credentialCreationOptions } from '../passkeys/creationOptions.js';
import { CHALLENGE_BYTES, MAX_PASSKEYS_PER_USER, REGISTRATION_CHALLENGE_LIFETIME_MS } from '../passkeys/policy.js';
import { passkeysEnabled, webAuthnSettings } from '../pools/webauthn.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'StartWebAuthnRegistration', quota: 'UserUpdate', authEvent: 'PasskeyRegistration' }, async (input, ctx) => {
  const { app } = ctx;
  const authorized = await authorizeAccessToken(app, input.AccessToken);
  ctx.note(authorized.subject);
  const { pool, user, clientId } = admitPasskeyOwner(authorized);
  if (!passkeysEnabled(pool)) throw errors.webAuthnNotEnabled();
  const settings = await webAuthnSettings(app, pool);
  if (!settings.rpId) throw errors.webAuthnConfigurationMissing();
  const existing = await app.store.passkeys.listForUser(pool.id, user.username);
  if (existing.length >= MAX_PASSKEYS_PER_USER) throw errors.passkeyLimit(`user has ${existing.length} passkeys`);

  const now = app.clock.now();
  const challenge = randomBytes(CHALLENGE_BYTES).toString('base64url');
  await app.store.passkeys.createChallenge({
    challenge,
    poolId: pool.id,
    username: user.username,
    clientId,
    rpId: settings.rpId,
    userVerification: settings.userVerification,
    createdAt: now,
    expiresAt: now + REGISTRATION_CHALLENGE_LIFETIME_MS,
  });
  const options = credentialCreationOptions({
    rpId: settings.rpId,
    user,
    challenge,
    userVerification: settings.userVerification,
    existing,
  });
  return { CredentialCreationOptions: options };
});
