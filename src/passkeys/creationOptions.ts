// CredentialCreationOptions as StartWebAuthnRegistration answers them: PublicKeyCredentialCreationOptionsJSON
// (WebAuthn §5.4) shaped as Cognito's, binary members base64url without padding.
import type { PasskeyRecord, UserRecord } from '../store/records.js';
import { REGISTRATION_TIMEOUT_MS, SUPPORTED_ALGORITHMS } from './policy.js';

export interface CredentialCreationOptions {
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout: number;
  excludeCredentials: { type: 'public-key'; id: string }[];
  authenticatorSelection: { requireResidentKey: true; residentKey: 'required'; userVerification: 'required' | 'preferred' };
}

export function credentialCreationOptions(args: {
  rpId: string;
  user: UserRecord;
  challenge: string;
  userVerification: 'required' | 'preferred';
  existing: readonly PasskeyRecord[];
}): CredentialCreationOptions {
  return {
    rp: { id: args.rpId, name: args.rpId },
    // The user handle is the sub (WebAuthn §14.6.1: no personal data in it); name and displayName the username.
    user: { id: Buffer.from(args.user.sub, 'utf8').toString('base64url'), name: args.user.username, displayName: args.user.username },
    challenge: args.challenge,
    pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout: REGISTRATION_TIMEOUT_MS,
    // §5.4.3: keeps an authenticator from registering a second credential for the same user.
    excludeCredentials: args.existing.map((p) => ({ type: 'public-key' as const, id: p.credentialId })),
    authenticatorSelection: { requireResidentKey: true, residentKey: 'required', userVerification: args.userVerification },
  };
}
