// Registering a new credential, WebAuthn §7.1, step by step. The checks that have their own
// Cognito error run here first, each mapping to exactly one exception; the attestation statement
// and the key are then verified by @simplewebauthn/server, and whatever it still refuses is
// translated in one place (`libraryRefusal`).
import { createHash } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { decodeCredentialPublicKey, cose } from '@simplewebauthn/server/helpers';
import { CognitoError, errors } from '../protocol/errors.js';
import type { PasskeyRecord } from '../store/records.js';
import { importCoseKey, MalformedCoseKey } from './coseKey.js';
import { SUPPORTED_ALGORITHMS } from './policy.js';
import type { ParsedRegistration } from './registrationResponse.js';

export interface RegistrationExpectation {
  /** The challenge StartWebAuthnRegistration issued (already consumed by the caller). */
  challenge: string;
  /** The relying-party ids the credential may be scoped to (keypool: the pool's one). */
  rpIds: readonly string[];
  isOriginAllowed(origin: string): boolean;
  requireUserVerification: boolean;
  /** §7.1 step 14; only the recorded vectors of conditional-create ceremonies turn it off. */
  requireUserPresence?: boolean;
  /** clientDataJSON.type values accepted (§7.1 step 7: "webauthn.create"). */
  types?: readonly string[];
}

/** What a verified registration establishes: the passkey record without its owner and dates. */
export type VerifiedRegistration = Omit<PasskeyRecord, 'poolId' | 'username' | 'createdAt' | 'lastUsedAt'>;

// §6.1: a credential id is at most 1023 bytes.
const MAX_CREDENTIAL_ID_BYTES = 1023;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export async function verifyRegistration(parsed: ParsedRegistration, expected: RegistrationExpectation): Promise<VerifiedRegistration> {
  const { clientData, authData } = parsed;
  // Step 7: the ceremony is a registration.
  if (!(expected.types ?? ['webauthn.create']).includes(clientData.type)) {
    throw errors.credentialNotValid('clientDataJSON.type must be "webauthn.create".', `clientDataJSON.type was ${JSON.stringify(clientData.type)}`);
  }
  // Step 8: the challenge is the one issued.
  if (clientData.challenge !== expected.challenge) throw errors.webAuthnChallengeNotFound('clientDataJSON.challenge differs');
  // Step 9: the origin belongs to the relying party.
  if (!expected.isOriginAllowed(clientData.origin)) {
    throw errors.webAuthnOriginNotAllowed(`origin ${clientData.origin} is not allowed for ${expected.rpIds.join(', ')}`);
  }
  // Step 13: rpIdHash is SHA-256 of the RP ID.
  const rpId = expected.rpIds.find((id) => sha256(id).equals(authData.rpIdHash));
  if (rpId === undefined) throw errors.webAuthnRelyingPartyMismatch(`rpIdHash is not SHA-256 of ${expected.rpIds.join(', ')}`);
  // Steps 14-15: user present; user verified when the pool requires it.
  if ((expected.requireUserPresence ?? true) && !authData.flags.up) {
    throw errors.credentialNotValid('the authenticator did not report user presence.');
  }
  if (expected.requireUserVerification && !authData.flags.uv) {
    // UserVerification "required": only authenticators capable of user verification may register.
    throw errors.webAuthnCredentialNotSupported('user verification is required and the UV flag is not set');
  }
  const credentialIdBytes = authData.credentialID!;
  if (credentialIdBytes.length > MAX_CREDENTIAL_ID_BYTES) {
    throw errors.credentialNotValid('the credential id is longer than 1023 bytes.');
  }
  // The attested credential id (signed over by the attestation), not the client's claimed rawId, is the one kept.
  const credentialId = Buffer.from(credentialIdBytes).toString('base64url');
  // Step 16: the key's algorithm is one offered in pubKeyCredParams, and the key is a key of it.
  const algorithm = keyAlgorithm(authData.credentialPublicKey!);
  if (algorithm === undefined || !SUPPORTED_ALGORITHMS.includes(algorithm)) {
    throw errors.webAuthnCredentialNotSupported(`credential public key algorithm ${String(algorithm)} is not supported`);
  }
  try {
    importCoseKey(authData.credentialPublicKey!);
  } catch (error) {
    if (!(error instanceof MalformedCoseKey)) throw error;
    throw errors.credentialNotValid(`the credential public key is malformed: ${error.message}.`);
  }

  // Steps 19-21: the attestation statement, by format.
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: parsed.response,
      expectedChallenge: clientData.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: rpId,
      expectedType: clientData.type,
      requireUserPresence: expected.requireUserPresence ?? true,
      requireUserVerification: expected.requireUserVerification,
      supportedAlgorithmIDs: [...SUPPORTED_ALGORITHMS],
      // No device-integrity policy: every format the library verifies is accepted as such.
      attestationSafetyNetEnforceCTSCheck: false,
    });
  } catch (error) {
    throw libraryRefusal(error);
  }
  if (!verification.verified) throw libraryRefusal(new Error(`${parsed.format} attestation statement did not verify`));
  const info = verification.registrationInfo;
  return {
    credentialId,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    algorithm,
    signCount: info.credential.counter,
    aaguid: info.aaguid,
    attestationFormat: info.fmt,
    backupEligible: authData.flags.be,
    backedUp: authData.flags.bs,
    userVerified: authData.flags.uv,
    rpId,
    transports: parsed.transports,
    attachment: parsed.attachment,
  };
}

function keyAlgorithm(coseKey: Uint8Array): number | undefined {
  try {
    const alg = decodeCredentialPublicKey(new Uint8Array(coseKey)).get(cose.COSEKEYS.alg);
    return typeof alg === 'number' ? alg : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The one translation of the library's refusals. Everything keypool checks itself has been checked
 * already, so what remains is the attestation statement or the key itself: an authenticator keypool
 * cannot accept.
 */
function libraryRefusal(error: unknown): CognitoError {
  if (error instanceof CognitoError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return errors.webAuthnCredentialNotSupported(`attestation refused: ${detail}`);
}
