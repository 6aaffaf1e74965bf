// Verifying an authentication assertion (WebAuthn §7.2 "Verifying an Authentication Assertion"),
// step by step in the specification's order. Each check that fails throws AssertionRefused with the
// precise reason, for the operator's log; the client only ever hears one generic refusal.
import { createHash } from 'node:crypto';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { decodeClientDataJSON, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { isOriginAllowed } from '../pools/webauthn.js';
import { verifiesWithCoseKey } from './coseKey.js';
import type { PasskeyRecord, UserRecord } from '../store/records.js';

export class AssertionRefused extends Error {
  override name = 'AssertionRefused';
}

export interface AssertionExpectations {
  /** The challenge of the request options (base64url), kept in the sign-in's Session. */
  challenge: string;
  rpId: string;
  userVerification: 'required' | 'preferred';
  /** Origins the operator allows besides those of the RP ID. */
  extraOrigins: readonly string[];
  /** The user signing in: the credential must be theirs. */
  user: UserRecord;
  /** Finds a stored credential by id (base64url). */
  findCredential(credentialId: string): Promise<PasskeyRecord | undefined>;
}

export interface VerifiedAssertion {
  passkey: PasskeyRecord;
  /** The authenticator's new sign count, to store by compare-and-set. */
  signCount: number;
  userVerified: boolean;
}

const refuse = (reason: string): never => {
  throw new AssertionRefused(reason);
};

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The CREDENTIAL challenge response: an AuthenticationResponseJSON, as a JSON string. */
export function parseAssertion(text: string): AuthenticationResponseJSON {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse('CREDENTIAL is not JSON');
  }
  const credential = value as Partial<AuthenticationResponseJSON> | null;
  const response = credential?.response;
  if (typeof credential !== 'object' || credential === null || typeof response !== 'object' || response === null) {
    return refuse('CREDENTIAL is not an AuthenticationResponseJSON');
  }
  if (!isString(credential.id) || credential.rawId !== credential.id) refuse('id and rawId are missing or differ');
  if (credential.type !== 'public-key') refuse(`credential type is ${String(credential.type)}, not public-key`);
  for (const member of ['clientDataJSON', 'authenticatorData', 'signature'] as const) {
    if (!isString(response[member])) refuse(`response.${member} is missing`);
  }
  if (response.userHandle !== undefined && typeof response.userHandle !== 'string') refuse('response.userHandle is not a string');
  return credential as AuthenticationResponseJSON;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest();
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

export async function verifyAssertion(
  credential: AuthenticationResponseJSON,
  expected: AssertionExpectations,
): Promise<VerifiedAssertion> {
  const { user } = expected;
  // §7.2 steps 5-7: the credential is one of the user's (allowCredentials lists only theirs), and the
  // user handle, when the authenticator returns one, is that user's (user.id = base64url(sub)).
  const passkey = await expected.findCredential(credential.id);
  if (!passkey) return refuse('the credential is not registered (deleted, or never registered here)');
  if (passkey.poolId !== user.poolId || passkey.username !== user.username) refuse("the credential is another user's");
  if (passkey.rpId !== expected.rpId) refuse(`the credential was registered for RP ID ${passkey.rpId}, not ${expected.rpId}`);
  const userHandle = credential.response.userHandle;
  if (userHandle && userHandle !== base64url(user.sub)) refuse('userHandle is not the user\'s id');

  // Steps 10-13: clientDataJSON is a webauthn.get for our challenge, from an origin of the RP ID.
  let clientData: ReturnType<typeof decodeClientDataJSON>;
  try {
    clientData = decodeClientDataJSON(credential.response.clientDataJSON);
  } catch {
    return refuse('clientDataJSON is not base64url JSON');
  }
  if (clientData.type !== 'webauthn.get') refuse(`clientDataJSON.type is ${String(clientData.type)}, not webauthn.get`);
  if (clientData.challenge !== expected.challenge) refuse("clientDataJSON.challenge is not the sign-in's challenge");
  if (!isString(clientData.origin) || !isOriginAllowed(expected.rpId, clientData.origin, expected.extraOrigins)) {
    refuse(`origin ${String(clientData.origin)} is not allowed for RP ID ${expected.rpId}`);
  }
  // Step 14: keypool serves no cross-origin iframes.
  if (clientData.crossOrigin === true) refuse('the assertion was made in a cross-origin iframe');

  // Steps 15-18: authenticatorData is for our RP ID, with user presence, and user verification when required.
  const authenticatorData = Buffer.from(credential.response.authenticatorData, 'base64url');
  let authData: ReturnType<typeof parseAuthenticatorData>;
  try {
    authData = parseAuthenticatorData(authenticatorData);
  } catch {
    return refuse('authenticatorData cannot be parsed');
  }
  if (!sha256(expected.rpId).equals(Buffer.from(authData.rpIdHash))) refuse(`rpIdHash is not SHA-256 of ${expected.rpId}`);
  if (!authData.flags.up) refuse('user presence (UP) flag is not set');
  if (expected.userVerification === 'required' && !authData.flags.uv) refuse('user verification (UV) is required but the flag is not set');
  if (authData.flags.bs && !authData.flags.be) refuse('backup state (BS) is set without backup eligibility (BE)');

  // Steps 19-21: the signature over authenticatorData || SHA-256(clientDataJSON), by the credential's key.
  const signed = Buffer.concat([authenticatorData, sha256(Buffer.from(credential.response.clientDataJSON, 'base64url'))]);
  const signature = Buffer.from(credential.response.signature, 'base64url');
  if (!(await verifiesWithCoseKey(Buffer.from(passkey.publicKey, 'base64url'), signed, signature))) {
    refuse('the signature does not verify with the credential public key');
  }

  // Step 22: a sign count that fails to increase (both non-zero) betrays a cloned authenticator. Only
  // a signed count says so: an unsigned one is a forgery, refused above as such.
  if ((authData.counter !== 0 || passkey.signCount !== 0) && authData.counter <= passkey.signCount) {
    refuse(`sign count ${authData.counter} did not increase past ${passkey.signCount} (possible cloned authenticator)`);
  }
  return { passkey, signCount: authData.counter, userVerified: authData.flags.uv };
}
