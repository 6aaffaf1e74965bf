// Signing in with a passkey, first half: which of the user's passkeys can sign in, and the
// CREDENTIAL_REQUEST_OPTIONS for them (PublicKeyCredentialRequestOptionsJSON, WebAuthn §5.5, shaped
// as Cognito sends them; cognito-passkeys-api.md §2.3).
import { randomBytes } from '../random.js';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { App } from '../app.js';
import { mfaApplies } from '../mfa/challenges.js';
import { webAuthnSettings, type WebAuthnSettings } from '../pools/webauthn.js';
import type { AssertionChallenge, PasskeyRecord, PoolRecord, UserRecord } from '../store/records.js';
import { CHALLENGE_BYTES } from './policy.js';

export interface SignInPasskeys {
  /** Undefined when the pool has no relying-party id: then no passkey can sign in. */
  settings?: WebAuthnSettings & { rpId: string };
  passkeys: PasskeyRecord[];
}

/** The user's passkeys that can sign in today: those of the pool's current relying-party id. */
export async function signInPasskeys(app: App, pool: PoolRecord, user: UserRecord): Promise<SignInPasskeys> {
  const settings = await webAuthnSettings(app, pool);
  const { rpId } = settings;
  if (!rpId) return { passkeys: [] };
  const passkeys = await app.store.passkeys.listForUser(pool.id, user.username);
  // A user with passkey MFA (WebAuthnMfaSettings), or to whom MFA applies, signs in with user
  // verification whatever the pool prefers: the passkey then stands for both factors.
  const userVerification = user.preferences.webAuthnMfa || mfaApplies(pool, user) ? 'required' : settings.userVerification;
  return { settings: { ...settings, rpId, userVerification }, passkeys: passkeys.filter((p) => p.rpId === rpId) };
}

/** Cognito's options, in its key order, with the WebAuthn L3 members it sends even when empty. */
type CredentialRequestOptions = PublicKeyCredentialRequestOptionsJSON & { attestation: 'none'; attestationFormats: string[] };

/** A fresh challenge and the request options that carry it, allowing each of `passkeys` (without transports). */
export function credentialRequestOptions(
  { rpId, userVerification }: WebAuthnSettings & { rpId: string },
  passkeys: readonly PasskeyRecord[],
  timeoutMs: number,
): { expected: AssertionChallenge; options: CredentialRequestOptions } {
  const challenge = randomBytes(CHALLENGE_BYTES).toString('base64url');
  return {
    expected: { challenge, rpId, userVerification },
    options: {
      hints: [],
      attestation: 'none',
      attestationFormats: [],
      challenge,
      timeout: timeoutMs,
      rpId,
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, type: 'public-key' as const })),
      userVerification,
    },
  };
}
