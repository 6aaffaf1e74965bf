// Real authenticators' sign-in assertions replayed through keypool's assertion verifier.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { PasskeyRecord, UserRecord } from '../store/records.js';
import { AssertionRefused, verifyAssertion } from './assertion.js';
import { asList, loadVectors, requireVectors } from '../../test/support/referenceData.js';

const vectors = loadVectors();
const assertions = (vectors ?? []).filter((v) => v.fn === 'verifyAuthenticationResponse');

/**
 * Vectors whose refusal comes from an explicit origin list that leaves out the RP ID's own https
 * origin. keypool derives allowed origins from the RP ID (https://<rpId> is always allowed), so it
 * accepts these genuine, correctly signed assertions.
 */
const ALLOWED_BY_RP_ORIGIN_RULE = new Set([
  'should throw when response origin is not expected value',
  'should throw an error if origin not in list of expected origins',
]);

describe('assertion verifier replays recorded authenticators', () => {
  it('finds the recorded assertions', (t) => {
    requireVectors(t, vectors);
    if (vectors) assert.equal(assertions.length, 15);
  });

  for (const vector of assertions) {
    it(vector.test, async () => {
      const a = vector.args as {
        response: AuthenticationResponseJSON;
        expectedChallenge: string;
        expectedOrigin: string | string[];
        expectedRPID: string | string[];
        credential: { id: string; publicKey: Uint8Array; counter: number };
        requireUserVerification?: boolean;
      };
      const userHandle = a.response.response.userHandle;
      const user = {
        poolId: 'us-east-1_vectors',
        username: 'recorded',
        sub: userHandle ? Buffer.from(userHandle, 'base64url').toString('utf8') : 'recorded-sub',
      } as UserRecord;
      const passkey = {
        credentialId: a.credential.id,
        poolId: user.poolId,
        username: user.username,
        publicKey: Buffer.from(a.credential.publicKey).toString('base64url'),
        signCount: a.credential.counter,
        transports: [],
      } as unknown as PasskeyRecord;
      // A vector may allow several RP IDs; keypool checks one per sign-in, so it is accepted when
      // one of them verifies.
      const outcomes = await Promise.all(
        asList(a.expectedRPID).map(async (rpId) => {
          try {
            await verifyAssertion(a.response, {
              challenge: a.expectedChallenge,
              rpId,
              userVerification: a.requireUserVerification ? 'required' : 'preferred',
              extraOrigins: asList(a.expectedOrigin),
              user,
              findCredential: async (id) => (id === passkey.credentialId ? { ...passkey, rpId } : undefined),
            });
            return true;
          } catch (error) {
            assert.ok(error instanceof AssertionRefused, `unexpected ${String(error)}`);
            return false;
          }
        }),
      );
      const accepted = outcomes.includes(true);
      const recordedVerified = 'verified' in vector.expect && vector.expect.verified;
      assert.equal(accepted, recordedVerified || ALLOWED_BY_RP_ORIGIN_RULE.has(vector.test));
    });
  }
});
