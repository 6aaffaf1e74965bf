// A software WebAuthn authenticator and client for tests: it answers creation options with a
// RegistrationResponseJSON and request options with an AuthenticationResponseJSON, as a browser's
// PublicKeyCredential.toJSON() would. Keys: ES256 (-7), RS256 (-257), EdDSA (-8). Attestation:
// 'none' or 'packed' self attestation (WebAuthn §8.2). A `Tampering` argument breaks one thing
// in a response, for negative tests.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

export type CoseAlgorithm = -7 | -257 | -8;

export interface SoftAuthenticatorOptions {
  /** AAGUID as a UUID string; all zeros by default (as 'none' attestation reports it). */
  aaguid?: string;
  attestation?: 'none' | 'packed';
  userPresent?: boolean;
  userVerified?: boolean;
  backupEligible?: boolean;
  backedUp?: boolean;
  /** How much the sign count moves on each assertion (0: an authenticator without a counter). */
  signCountStep?: number;
  transports?: string[];
  /** authenticatorAttachment of the responses; null leaves it out. */
  attachment?: 'platform' | 'cross-platform' | null;
  /** Forces the key algorithm, even one the options do not offer (to test refusals). */
  algorithm?: CoseAlgorithm;
}

/** One thing to break in a response. */
export interface Tampering {
  origin?: string;
  rpId?: string;
  type?: string;
  challenge?: string;
  /** Replaces clientDataJSON with these exact bytes (UTF-8). */
  clientDataJSON?: string;
  userPresent?: boolean;
  userVerified?: boolean;
  /** Signs, then flips a bit of the signature (assertion or packed attestation). */
  badSignature?: boolean;
  /** Reports this sign count instead of the next one (e.g. a counter going backwards). */
  signCount?: number;
  /** Uses another credential id in the response than the one created or chosen. */
  credentialId?: string;
  /** Creates the credential with this id (base64url) instead of a random one, e.g. one registered already. */
  attestedCredentialId?: string;
  /** Sets parameters of the attested COSE key (by label: 1 kty, 3 alg, -1 crv), e.g. an RSA key labelled ES256. */
  coseKey?: Record<number, number>;
}

interface StoredCredential {
  privateKey: KeyObject;
  publicKey: KeyObject;
  alg: CoseAlgorithm;
  rpId: string;
  userHandle: string;
  signCount: number;
}

export class NotAllowedError extends Error {
  override name = 'NotAllowedError';
}
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64u = (data: Uint8Array) => Buffer.from(data).toString('base64url');
const unb64u = (text: string) => Buffer.from(text, 'base64url');

// Just enough CBOR (RFC 8949) to encode attestation objects and COSE keys.
type CborValue = number | boolean | string | Uint8Array | CborValue[] | Map<CborValue, CborValue>;
function cborHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
export function cbor(value: CborValue): Buffer {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'boolean') return Buffer.from([value ? 0xf5 : 0xf4]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([cborHead(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(cbor)]);
  return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

function generateKey(alg: CoseAlgorithm): { privateKey: KeyObject; publicKey: KeyObject; cose: Map<CborValue, CborValue> } {
  if (alg === -7) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = pair.publicKey.export({ format: 'jwk' });
    return { ...pair, cose: new Map<CborValue, CborValue>([[1, 2], [3, -7], [-1, 1], [-2, unb64u(jwk.x!)], [-3, unb64u(jwk.y!)]]) };
  }
  if (alg === -257) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = pair.publicKey.export({ format: 'jwk' });
    return { ...pair, cose: new Map<CborValue, CborValue>([[1, 3], [3, -257], [-1, unb64u(jwk.n!)], [-2, unb64u(jwk.e!)]]) };
  }
  const pair = generateKeyPairSync('ed25519');
  const jwk = pair.publicKey.export({ format: 'jwk' });
  return { ...pair, cose: new Map<CborValue, CborValue>([[1, 1], [3, -8], [-1, 6], [-2, unb64u(jwk.x!)]]) };
}

function signWith(alg: CoseAlgorithm, key: KeyObject, data: Buffer, tamper: Tampering): Buffer {
  const signature = sign(alg === -8 ? null : 'sha256', data, key);
  if (tamper.badSignature) signature[signature.length - 1]! ^= 0x01;
  return signature;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

export class SoftAuthenticator {
  readonly options: Required<Omit<SoftAuthenticatorOptions, 'algorithm' | 'attachment'>> &
    Pick<SoftAuthenticatorOptions, 'algorithm' | 'attachment'>;
  private readonly credentials = new Map<string, StoredCredential>();

  constructor(options: SoftAuthenticatorOptions = {}) {
    this.options = {
      aaguid: '00000000-0000-0000-0000-000000000000',
      attestation: 'none',
      userPresent: true,
      userVerified: true,
      backupEligible: false,
      backedUp: false,
      signCountStep: 1,
      transports: ['internal'],
      attachment: 'platform',
      ...options,
    };
  }

  /** Ids (base64url) of the credentials this authenticator holds. */
  credentialIds(): string[] {
    return [...this.credentials.keys()];
  }

  signCountOf(credentialId: string): number | undefined {
    return this.credentials.get(credentialId)?.signCount;
  }

  /** navigator.credentials.create(): WebAuthn §6.3.2 authenticatorMakeCredential. */
  create(origin: string, creation: PublicKeyCredentialCreationOptionsJSON, tamper: Tampering = {}): RegistrationResponseJSON {
    const rpId = creation.rp.id ?? new URL(origin).hostname;
    for (const excluded of creation.excludeCredentials ?? []) {
      if (this.credentials.has(excluded.id)) throw new InvalidStateError('the authenticator holds an excluded credential');
    }
    const offered = (creation.pubKeyCredParams ?? []).map((p) => p.alg);
    const alg = this.options.algorithm ?? ([-7, -257, -8] as const).find((a) => offered.includes(a));
    if (alg === undefined) throw new NotAllowedError('no supported algorithm offered');
    const key = generateKey(alg);
    const id = tamper.attestedCredentialId ? unb64u(tamper.attestedCredentialId) : randomBytes(32);
    const clientDataJSON = this.clientData('webauthn.create', creation.challenge, origin, tamper);
    const authData = Buffer.concat([
      sha256(tamper.rpId ?? rpId),
      Buffer.from([this.flags(tamper, true)]),
      u32(tamper.signCount ?? 0),
      Buffer.from(this.options.aaguid.replace(/-/g, ''), 'hex'),
      Buffer.from([id.length >> 8, id.length & 0xff]),
      id,
      cbor(new Map([...key.cose, ...Object.entries(tamper.coseKey ?? {}).map(([label, value]): [CborValue, CborValue] => [Number(label), value])])),
    ]);
    const attStmt =
      this.options.attestation === 'packed'
        ? new Map<CborValue, CborValue>([
            ['alg', alg],
            ['sig', signWith(alg, key.privateKey, Buffer.concat([authData, sha256(clientDataJSON)]), tamper)],
          ])
        : new Map<CborValue, CborValue>();
    const attestationObject = cbor(
      new Map<CborValue, CborValue>([
        ['fmt', this.options.attestation],
        ['attStmt', attStmt],
        ['authData', authData],
      ]),
    );
    const credentialId = b64u(id);
    this.credentials.set(credentialId, {
      privateKey: key.privateKey,
      publicKey: key.publicKey,
      alg,
      rpId,
      userHandle: creation.user.id,
      signCount: 0,
    });
    return this.credentialJSON(tamper.credentialId ?? credentialId, {
      clientDataJSON: b64u(clientDataJSON),
      attestationObject: b64u(attestationObject),
      transports: this.options.transports as RegistrationResponseJSON['response']['transports'],
      publicKeyAlgorithm: alg,
      publicKey: b64u(key.publicKey.export({ format: 'der', type: 'spki' })),
      authenticatorData: b64u(authData),
    });
  }

  /** navigator.credentials.get(): WebAuthn §6.3.3 authenticatorGetAssertion. */
  get(origin: string, request: PublicKeyCredentialRequestOptionsJSON, tamper: Tampering = {}): AuthenticationResponseJSON {
    const rpId = request.rpId ?? new URL(origin).hostname;
    const allowed = (request.allowCredentials ?? []).map((c) => c.id);
    const entry = [...this.credentials].find(([id, c]) => c.rpId === rpId && (allowed.length === 0 || allowed.includes(id)));
    if (!entry) throw new NotAllowedError('no credential for this relying party');
    const [credentialId, credential] = entry;
    credential.signCount += this.options.signCountStep;
    const authData = Buffer.concat([
      sha256(tamper.rpId ?? rpId),
      Buffer.from([this.flags(tamper, false)]),
      u32(tamper.signCount ?? credential.signCount),
    ]);
    const clientDataJSON = this.clientData('webauthn.get', request.challenge, origin, tamper);
    const signature = signWith(credential.alg, credential.privateKey, Buffer.concat([authData, sha256(clientDataJSON)]), tamper);
    return this.credentialJSON(tamper.credentialId ?? credentialId, {
      clientDataJSON: b64u(clientDataJSON),
      authenticatorData: b64u(authData),
      signature: b64u(signature),
      userHandle: credential.userHandle,
    });
  }

  /** The PublicKeyCredential around an authenticator response, as its toJSON() gives it (WebAuthn §5.1). */
  private credentialJSON<R>(id: string, response: R) {
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      ...(this.options.attachment ? { authenticatorAttachment: this.options.attachment } : {}),
      clientExtensionResults: {},
      response,
    };
  }

  // WebAuthn §6.1 flags: UP bit 0, UV bit 2, BE bit 3, BS bit 4, AT bit 6.
  private flags(tamper: Tampering, attestedCredentialData: boolean): number {
    const up = tamper.userPresent ?? this.options.userPresent;
    const uv = tamper.userVerified ?? this.options.userVerified;
    return (
      (up ? 0x01 : 0) |
      (uv ? 0x04 : 0) |
      (this.options.backupEligible ? 0x08 : 0) |
      (this.options.backedUp ? 0x10 : 0) |
      (attestedCredentialData ? 0x40 : 0)
    );
  }

  // WebAuthn §5.8.1 CollectedClientData.
  private clientData(type: string, challenge: string, origin: string, tamper: Tampering): Buffer {
    if (tamper.clientDataJSON !== undefined) return Buffer.from(tamper.clientDataJSON, 'utf8');
    return Buffer.from(
      JSON.stringify({ type: tamper.type ?? type, challenge: tamper.challenge ?? challenge, origin: tamper.origin ?? origin, crossOrigin: false }),
    );
  }
}
