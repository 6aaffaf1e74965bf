// Reading CompleteWebAuthnRegistration's Credential (a RegistrationResponseJSON, WebAuthn §5.1)
// without trusting it: every member is checked for shape and every encoding (base64url, JSON,
// CBOR) decoded here, so that a malformed credential is an InvalidParameterException, never a fault.
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { decodeAttestationObject, parseAuthenticatorData, type ParsedAuthenticatorData } from '@simplewebauthn/server/helpers';
import { errors } from '../protocol/errors.js';

/** CollectedClientData (WebAuthn §5.8.1): the members verification reads. */
export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
}

export interface ParsedRegistration {
  /** The credential as the verification library takes it (id and rawId made equal). */
  response: RegistrationResponseJSON;
  clientData: ClientData;
  /** The attestation format named in the attestation object (`none`, `packed`, `tpm`, ...). */
  format: string;
  authData: ParsedAuthenticatorData;
  transports: string[];
  attachment: string | undefined;
}

const notValid = errors.credentialNotValid;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// base64url as WebAuthn serializes it; padding and the base64 alphabet are tolerated, as browsers
// and platform libraries have sent both.
const BASE64URL = /^[A-Za-z0-9_\-+/]*={0,2}$/;

function bytes(value: unknown, member: string): Buffer {
  if (typeof value !== 'string' || value.length === 0 || !BASE64URL.test(value)) {
    throw notValid(`${member} must be a base64url string.`);
  }
  return Buffer.from(value, 'base64url');
}

function optionalString(value: unknown, member: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw notValid(`${member} must be a string.`);
  return value;
}

export function parseRegistrationCredential(credential: unknown): ParsedRegistration {
  if (!isObject(credential)) throw notValid('Credential must be a RegistrationResponseJSON object.');
  const { id, rawId, type, response, authenticatorAttachment, clientExtensionResults } = credential;
  if (type !== 'public-key') throw notValid('type must be "public-key".');
  const rawIdBytes = bytes(rawId ?? id, 'rawId');
  if (id !== undefined && !bytes(id, 'id').equals(rawIdBytes)) throw notValid('id and rawId differ.');
  if (!isObject(response)) throw notValid('response must be an object.');

  const clientDataBytes = bytes(response.clientDataJSON, 'response.clientDataJSON');
  let clientData: unknown;
  try {
    clientData = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(clientDataBytes));
  } catch {
    throw notValid('response.clientDataJSON is not UTF-8 JSON.');
  }
  if (!isObject(clientData)) throw notValid('response.clientDataJSON is not a JSON object.');
  for (const member of ['type', 'challenge', 'origin'] as const) {
    if (typeof clientData[member] !== 'string') throw notValid(`clientDataJSON.${member} must be a string.`);
  }

  const attestationBytes = bytes(response.attestationObject, 'response.attestationObject');
  let format: unknown;
  let authData: ParsedAuthenticatorData;
  try {
    const attestation = decodeAttestationObject(new Uint8Array(attestationBytes));
    format = attestation.get('fmt');
    const rawAuthData = attestation.get('authData');
    if (!(rawAuthData instanceof Uint8Array)) throw new Error('authData is not a byte string');
    if (!(attestation.get('attStmt') instanceof Map)) throw new Error('attStmt is not a map');
    authData = parseAuthenticatorData(rawAuthData);
  } catch {
    throw notValid('response.attestationObject is not a CBOR attestation object with authenticator data.');
  }
  if (typeof format !== 'string') throw notValid('the attestation object has no format.');
  // §7.1 step 14 onwards needs attested credential data: a credential id and its public key.
  if (!authData.credentialID || !authData.credentialPublicKey || !authData.aaguid) {
    throw notValid('the authenticator data has no attested credential.');
  }

  const transports = response.transports ?? [];
  if (!Array.isArray(transports) || !transports.every((t) => typeof t === 'string')) {
    throw notValid('response.transports must be a list of strings.');
  }
  const canonicalId = rawIdBytes.toString('base64url');
  return {
    response: {
      id: canonicalId,
      rawId: canonicalId,
      type: 'public-key',
      response: {
        clientDataJSON: response.clientDataJSON as string,
        attestationObject: response.attestationObject as string,
        transports: transports as RegistrationResponseJSON['response']['transports'],
      },
      clientExtensionResults: isObject(clientExtensionResults) ? clientExtensionResults : {},
      authenticatorAttachment: optionalString(authenticatorAttachment, 'authenticatorAttachment') as
        | RegistrationResponseJSON['authenticatorAttachment']
        | undefined,
    },
    clientData: { type: clientData.type as string, challenge: clientData.challenge as string, origin: clientData.origin as string },
    format,
    authData,
    transports: transports as string[],
    attachment: optionalString(authenticatorAttachment, 'authenticatorAttachment'),
  };
}
