// One ES256 key pair answering every ceremony of the benchmark: creation with 'none' attestation and
// assertions for any of the seeded credential ids, which all share this public key (distinct ids,
// one key keeps seeding a million credentials cheap). The CBOR encoder is the test suite's.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { cbor } from '../test/support/softAuthenticator.js';

type CborValue = Parameters<typeof cbor>[0];

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const b64u = (data: Uint8Array) => Buffer.from(data).toString('base64url');

// WebAuthn §6.1 flags: UP (bit 0), UV (bit 2), AT (bit 6).
const FLAGS_ASSERTION = 0x01 | 0x04;
const FLAGS_CREATION = FLAGS_ASSERTION | 0x40;

export interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}
export interface RequestOptions {
  challenge: string;
  rpId?: string;
}

export class BenchAuthenticator {
  private readonly privateKey: KeyObject;
  /** base64url of the COSE_Key (RFC 9053 EC2, P-256), as the store keeps it. */
  readonly coseKey: string;
  private readonly coseBytes: Buffer;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    const jwk = pair.publicKey.export({ format: 'jwk' });
    this.coseBytes = cbor(
      new Map<CborValue, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    this.coseKey = b64u(this.coseBytes);
  }

  /** navigator.credentials.create() with a fresh credential id, 'none' attestation. */
  create(origin: string, options: CreationOptions) {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const id = randomBytes(16);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAGS_CREATION]),
      Buffer.alloc(4),
      Buffer.alloc(16),
      Buffer.from([0, id.length]),
      id,
      this.coseBytes,
    ]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }));
    const attestationObject = cbor(
      new Map<CborValue, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const credentialId = b64u(id);
    return {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: ['internal'],
        publicKeyAlgorithm: -7,
        authenticatorData: b64u(authData),
      },
    };
  }

  /** navigator.credentials.get() with one of the shared-key credentials; the sign count stays 0 (no counter). */
  get(origin: string, options: RequestOptions, credentialId: string, userHandle: string) {
    const rpId = options.rpId ?? new URL(origin).hostname;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([FLAGS_ASSERTION]), Buffer.alloc(4)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
        userHandle,
      },
    };
  }
}
