import { defineOperation } from '../app.js';
import { admitPasskeyOwner } from '../passkeys/access.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { MAX_PASSKEYS_PER_USER } from '../passkeys/policy.js';
import { parseRegistrationCredential } from '../passkeys/registrationResponse.js';
import { verifyRegistration } from '../passkeys/verifyRegistration.js';
import { isOriginAllowed, passkeysEnabled } from '../pools/webauthn.js';
import { errors } from '../protocol/errors.js';
import { StoreConflict } from '../store/store.js';

export default defineOperation({ name: 'CompleteWebAuthnRegistration', quota: 'UserUpdate', authEvent: 'PasskeyRegistration' }, async (input, ctx) => {
  const { app } = ctx;
  const authorized = await authorizeAccessToken(app, input.AccessToken);
  ctx.note(authorized.subject);
  const { pool, user, clientId } = admitPasskeyOwner(authorized);
  if (!passkeysEnabled(pool)) throw errors.webAuthnNotEnabled();
  const parsed = parseRegistrationCredential(input.Credential);

  // The challenge is single-use and bound to the user and app client that started the registration.
  const now = app.clock.now();
  const consumed = await app.store.passkeys.consumeChallenge(parsed.clientData.challenge, now);
  if (consumed.outcome !== 'ok') throw errors.webAuthnChallengeNotFound(`registration challenge ${consumed.outcome}`);
  const challenge = consumed.record;
  if (challenge.poolId !== pool.id || challenge.username !== user.username) {
    throw errors.webAuthnChallengeNotFound('registration challenge belongs to another user');
  }
  if (challenge.clientId !== clientId) throw errors.webAuthnClientMismatch(`challenge client ${challenge.clientId}, token client ${clientId}`);

  const verified = await verifyRegistration(parsed, {
    challenge: challenge.challenge,
    rpIds: [challenge.rpId],
    isOriginAllowed: (origin) => isOriginAllowed(challenge.rpId, origin, app.config.extraOrigins),
    requireUserVerification: challenge.userVerification === 'required',
  });
  try {
    await app.store.passkeys.insert({ ...verified, poolId: pool.id, username: user.username, createdAt: now }, MAX_PASSKEYS_PER_USER);
  } catch (error) {
    if (error instanceof StoreConflict && error.what === 'limit') throw errors.passkeyLimit('user would pass the passkey limit');
    if (error instanceof StoreConflict && error.what === 'credential') {
      throw errors.passkeyAlreadyRegistered(`credential ${verified.credentialId} is registered already`);
    }
    throw error;
  }
  return {};
});
