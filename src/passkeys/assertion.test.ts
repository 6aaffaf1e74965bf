// Each refusal of verifyAssertion names its precise reason (for the operator log).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { SoftAuthenticator, type Tampering } from '../../test/support/softAuthenticator.js';
import type { PasskeyRecord, UserRecord } from '../store/records.js';
import { AssertionRefused, parseAssertion, verifyAssertion, type AssertionExpectations } from './assertion.js';

const ORIGIN = 'https://app.example.com';
const RP_ID = 'example.com';
const user: UserRecord = {
  poolId: 'us-east-1_Test12345',
  username: 'alice',
  sub: '3c46320b-c60e-4a21-9d64-5829bfede1c4',
  status: 'CONFIRMED',
  enabled: true,
  attributes: {},
  preferences: {},
  createdAt: 0,
  updatedAt: 0,
};
const challenge = Buffer.alloc(16, 1).toString('base64url');

describe('verifyAssertion', () => {
  const authenticator = new SoftAuthenticator();
  let passkey: PasskeyRecord;
  before(async () => {
    const creation = {
      challenge: Buffer.alloc(16, 2).toString('base64url'),
      rp: { id: RP_ID, name: RP_ID },
      user: { id: Buffer.from(user.sub).toString('base64url'), name: 'alice', displayName: 'alice' },
      pubKeyCredParams: [{ type: 'public-key' as const, alg: -7 }],
    };
    const response = authenticator.create(ORIGIN, creation);
    const { registrationInfo } = await verifyRegistrationResponse({
      response,
      expectedChallenge: creation.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    passkey = {
      credentialId: response.id,
      poolId: user.poolId,
      username: user.username,
      publicKey: Buffer.from(registrationInfo!.credential.publicKey).toString('base64url'),
      algorithm: -7,
      signCount: 0,
      transports: [],
      aaguid: '00000000-0000-0000-0000-000000000000',
      attestationFormat: 'none',
      backupEligible: false,
      backedUp: false,
      userVerified: true,
      rpId: RP_ID,
      createdAt: 0,
    };
  });

  const expectations = (overrides: Partial<AssertionExpectations> = {}): AssertionExpectations => ({
    challenge,
    rpId: RP_ID,
    userVerification: 'preferred',
    extraOrigins: [],
    user,
    findCredential: async (id) => (id === passkey.credentialId ? passkey : undefined),
    ...overrides,
  });
  const assertion = (tamper: Tampering = {}, origin = ORIGIN) => authenticator.get(origin, { challenge, rpId: RP_ID }, tamper);

  it('accepts a genuine assertion and reports the new count and UV', async () => {
    const verified = await verifyAssertion(assertion(), expectations());
    assert.equal(verified.passkey.credentialId, passkey.credentialId);
    assert.ok(verified.signCount > 0);
    assert.equal(verified.userVerified, true);
  });

  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['bad signature', () => verifyAssertion(assertion({ badSignature: true }), expectations()), /signature/],
    ['other RP', () => verifyAssertion(assertion({ rpId: 'evil.example' }), expectations()), /rpIdHash/],
    ['wrong origin', () => verifyAssertion(assertion({}, 'https://evil.example'), expectations()), /origin https:\/\/evil.example/],
    ['wrong type', () => verifyAssertion(assertion({ type: 'webauthn.create' }), expectations()), /clientDataJSON.type/],
    ['wrong challenge', () => verifyAssertion(assertion({ challenge: 'AAAAAAAAAAAAAAAAAAAAAA' }), expectations()), /challenge/],
    ['no UP', () => verifyAssertion(assertion({ userPresent: false }), expectations()), /UP/],
    ['no UV when required', () => verifyAssertion(assertion({ userVerified: false }), expectations({ userVerification: 'required' })), /UV/],
    ['unknown credential', () => verifyAssertion(assertion(), expectations({ findCredential: async () => undefined })), /not registered/],
    ['another user', () => verifyAssertion(assertion(), expectations({ user: { ...user, username: 'bob' } })), /another user/],
    ['counter backwards', () => verifyAssertion(assertion({ signCount: 0 }), expectations({ findCredential: async () => ({ ...passkey, signCount: 5 }) })), /sign count/],
    // A forgery with a stale count is a forgery, not a cloned authenticator: the signature is checked first.
    [
      'forged, with a stale count',
      () => verifyAssertion(assertion({ signCount: 1, badSignature: true }), expectations({ findCredential: async () => ({ ...passkey, signCount: 5 }) })),
      /^the signature does not verify/,
    ],
    ['not JSON', async () => parseAssertion('nope'), /not JSON/],
  ];
  for (const [what, run, reason] of cases) {
    it(`refuses: ${what}`, async () => {
      await assert.rejects(run(), (error: Error) => error instanceof AssertionRefused && reason.test(error.message));
    });
  }
});
