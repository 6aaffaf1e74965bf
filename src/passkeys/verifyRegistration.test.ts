// Real authenticators' registrations (every attestation format) replayed through keypool's
// registration verifier, and the soft authenticator's through the same path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingsService } from '@simplewebauthn/server';
import { decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { CognitoError } from '../protocol/errors.js';
import { parseRegistrationCredential } from './registrationResponse.js';
import { verifyRegistration, type RegistrationExpectation, type VerifiedRegistration } from './verifyRegistration.js';
import { SoftAuthenticator } from '../../test/support/softAuthenticator.js';
import { credentialCreationOptions } from './creationOptions.js';
import { SUPPORTED_ALGORITHMS } from './policy.js';
import type { UserRecord } from '../store/records.js';
import { asList as list, loadVectors, requireVectors } from '../../test/support/referenceData.js';

/** Runs `fn` with Date frozen at `iso` (attestation certificates are only valid around capture time). */
async function at<T>(iso: string | null, fn: () => Promise<T>): Promise<T> {
  if (!iso) return fn();
  const RealDate = Date;
  const now = new RealDate(iso).getTime();
  globalThis.Date = class extends RealDate {
    constructor(...args: unknown[]) {
      super(...((args.length ? args : [now]) as []));
    }
    static override now() {
      return now;
    }
  } as DateConstructor;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}

const vectors = loadVectors();

describe('registration verifier replays recorded authenticators', () => {
  it('finds the vectors', (t) => {
    requireVectors(t, vectors);
    if (vectors) assert.equal(vectors.length, 50);
  });

  const registrations = (vectors ?? []).filter((v) => v.fn === 'verifyRegistrationResponse');
  for (const vector of registrations) {
    it(`${vector.test}`, async () => {
      const a = vector.args;
      const expectation: RegistrationExpectation = {
        challenge: a.expectedChallenge as string,
        rpIds: list(a.expectedRPID),
        isOriginAllowed: (origin) => list(a.expectedOrigin).includes(origin),
        requireUserVerification: (a.requireUserVerification as boolean | undefined) ?? true,
        requireUserPresence: (a.requireUserPresence as boolean | undefined) ?? true,
        ...(a.expectedType ? { types: list(a.expectedType) } : {}),
      };
      // FIDO conformance android-key statements chain to test roots, not Google's.
      const conformance = /android-key|Android Keystore/i.test(vector.test) && /2020|Android-Key response/.test(vector.test);
      const androidRoots = SettingsService.getRootCertificates({ identifier: 'android-key' });
      if (conformance) SettingsService.setRootCertificates({ identifier: 'android-key', certificates: [] });
      try {
        const outcome: { verified?: VerifiedRegistration; error?: CognitoError } = await at(vector.fakeNow, async () => {
          try {
            return { verified: await verifyRegistration(parseRegistrationCredential(a.response), expectation) };
          } catch (error) {
            assert.ok(error instanceof CognitoError, `a ${String((error as Error).name)} escaped: ${(error as Error).message}`);
            return { error };
          }
        });
        // The recorded RS1 and RSA-PSS keys are genuine, but not of an algorithm keypool offers.
        const algorithm = decodeCredentialPublicKey(parseRegistrationCredential(a.response).authData.credentialPublicKey!).get(3);
        if (!SUPPORTED_ALGORITHMS.includes(algorithm as number)) {
          assert.equal(outcome.error?.type, 'WebAuthnCredentialNotSupportedException', `algorithm ${String(algorithm)} was not refused`);
        } else if ('verified' in vector.expect) {
          assert.ok(outcome.verified, `refused: ${outcome.error?.type} ${outcome.error?.message} ${outcome.error?.detail}`);
          assert.match(outcome.verified.credentialId, /^[A-Za-z0-9_-]+$/);
        } else {
          assert.ok(outcome.error, 'a refused registration was accepted');
        }
      } finally {
        SettingsService.setRootCertificates({ identifier: 'android-key', certificates: androidRoots });
      }
    });
  }
});

describe('registration verifier with the soft authenticator', () => {
  const user = { sub: '3c46320b-c60e-4a21-9d64-5829bfede1c4', username: 'alice' } as UserRecord;
  const options = (userVerification: 'required' | 'preferred' = 'preferred') =>
    credentialCreationOptions({ rpId: 'example.com', user, challenge: 'zsBch6DlNLUb6SgRdzHysw', userVerification, existing: [] });
  const expectation = (requireUserVerification = false): RegistrationExpectation => ({
    challenge: 'zsBch6DlNLUb6SgRdzHysw',
    rpIds: ['example.com'],
    isOriginAllowed: (o) => o === 'https://example.com',
    requireUserVerification,
  });
  const verify = (credential: unknown, requireUv = false) => verifyRegistration(parseRegistrationCredential(credential), expectation(requireUv));

  for (const attestation of ['none', 'packed'] as const) {
    for (const algorithm of [-7, -257] as const) {
      it(`accepts ${attestation} attestation with alg ${algorithm}`, async () => {
        const auth = new SoftAuthenticator({ attestation, algorithm, backupEligible: true, backedUp: true });
        const result = await verify(auth.create('https://example.com', options()));
        assert.equal(result.algorithm, algorithm);
        assert.equal(result.attestationFormat, attestation);
        assert.equal(result.credentialId, auth.credentialIds()[0]);
        assert.deepEqual([result.backupEligible, result.backedUp, result.userVerified], [true, true, true]);
      });
    }
  }

  it('refuses an EdDSA key with WebAuthnCredentialNotSupportedException', async () => {
    const auth = new SoftAuthenticator({ algorithm: -8 });
    await assert.rejects(verify(auth.create('https://example.com', options())), { type: 'WebAuthnCredentialNotSupportedException' });
  });

  it('maps each broken response to its own error', async () => {
    const cases: [Parameters<SoftAuthenticator['create']>[2], string, boolean?][] = [
      [{ type: 'webauthn.get' }, 'InvalidParameterException'],
      [{ challenge: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'WebAuthnChallengeNotFoundException'],
      [{ origin: 'https://evil.example' }, 'WebAuthnOriginNotAllowedException'],
      [{ rpId: 'other.com' }, 'WebAuthnRelyingPartyMismatchException'],
      [{ userPresent: false }, 'InvalidParameterException'],
      [{ userVerified: false }, 'WebAuthnCredentialNotSupportedException', true],
    ];
    for (const [tamper, type, requireUv] of cases) {
      const auth = new SoftAuthenticator();
      await assert.rejects(verify(auth.create('https://example.com', options(), tamper), requireUv), { type }, JSON.stringify(tamper));
    }
    const packed = new SoftAuthenticator({ attestation: 'packed' });
    await assert.rejects(verify(packed.create('https://example.com', options(), { badSignature: true })), {
      type: 'WebAuthnCredentialNotSupportedException',
    });
  });

  it('keeps the attested credential id, not the one the client claims', async () => {
    const auth = new SoftAuthenticator();
    const result = await verify(auth.create('https://example.com', options(), { credentialId: Buffer.alloc(32, 7).toString('base64url') }));
    assert.equal(result.credentialId, auth.credentialIds()[0]);
  });

  it('accepts a response without UV when the pool only prefers it', async () => {
    const auth = new SoftAuthenticator({ userVerified: false });
    const result = await verify(auth.create('https://example.com', options()));
    assert.equal(result.userVerified, false);
  });

  it('refuses malformed credentials with InvalidParameterException, never a crash', async () => {
    const good = new SoftAuthenticator().create('https://example.com', options());
    const malformed: unknown[] = [
      null,
      'a string',
      [],
      { ...good, type: 'password' },
      { ...good, response: 'x' },
      { ...good, response: { ...good.response, clientDataJSON: '!!!' } },
      { ...good, response: { ...good.response, clientDataJSON: Buffer.from('not json').toString('base64url') } },
      { ...good, response: { ...good.response, clientDataJSON: Buffer.from('[1]').toString('base64url') } },
      { ...good, response: { ...good.response, clientDataJSON: Buffer.from('{"type":1}').toString('base64url') } },
      { ...good, response: { ...good.response, attestationObject: Buffer.from('garbage').toString('base64url') } },
      { ...good, response: { ...good.response, attestationObject: 42 } },
      { ...good, response: { ...good.response, transports: 'usb' } },
      { ...good, id: 'AAAA' },
    ];
    for (const credential of malformed) {
      assert.throws(() => parseRegistrationCredential(credential), { type: 'InvalidParameterException' }, JSON.stringify(credential));
    }
  });
});
