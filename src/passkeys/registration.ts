// Registering a passkey for a signed-in user, in two steps: the creation options with a single-use
// challenge bound to the user and the app client, then the authenticator's credential verified
// against it and stored. StartWebAuthnRegistration and CompleteWebAuthnRegistration run these for the
// user of an access token; managed login's passkey pages for the user signed in on the browser.
import { randomBytes } from '../random.js';
import type { App } from '../app.js';
import { isOriginAllowed, passkeysEnabled, webAuthnSettings } from '../pools/webauthn.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';
import { credentialCreationOptions } from './creationOptions.js';
import { CHALLENGE_BYTES, MAX_PASSKEYS_PER_USER, REGISTRATION_CHALLENGE_LIFETIME_MS } from './policy.js';
import { parseRegistrationCredential } from './registrationResponse.js';
import { verifyRegistration } from './verifyRegistration.js';

export async function startRegistration(app: App, pool: PoolRecord, user: UserRecord, clientId: string): Promise<unknown> {
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
  return credentialCreationOptions({ rpId: settings.rpId, user, challenge, userVerification: settings.userVerification, existing });
}

export async function completeRegistration(app: App, pool: PoolRecord, user: UserRecord, clientId: string, credential: unknown): Promise<void> {
  if (!passkeysEnabled(pool)) throw errors.webAuthnNotEnabled();
  const parsed = parseRegistrationCredential(credential);

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
}
