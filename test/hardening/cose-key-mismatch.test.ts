// Registering a COSE key that contradicts itself: an RSA key (kty 3) labelled ES256 (alg -7), with
// attestation 'none' so that nothing else checks the key, was registered. RFC 9053 ties each
// algorithm to its key type and curve; CompleteWebAuthnRegistration now refuses a key whose kty, alg
// and crv disagree as every malformed credential is refused, and nothing is stored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand,
  ListWebAuthnCredentialsCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { expectError, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftAuthenticator, type CoseAlgorithm } from '../support/softAuthenticator.js';
import { ORIGIN, passkeyPool, userWithPasskey } from '../support/userAuth.js';

const KTY = 1;
const ALG = 3;
const CRV = -1;

describe('COSE keys whose key type, algorithm and curve disagree', () => {
  let server: TestServer;
  let accessToken: string;
  before(async () => {
    server = await startTestServer();
    const { poolId, clientId } = await passkeyPool(server.cognito);
    await userWithPasskey(server.cognito, poolId, clientId, 'mallory');
    accessToken = (await signIn(server.cognito, clientId, 'mallory')).AccessToken!;
  });
  after(() => server.dispose());

  const credentialIds = async () =>
    ((await server.cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }))).Credentials ?? []).map((c) => c.CredentialId);

  async function register(algorithm: CoseAlgorithm, coseKey: Record<number, number>) {
    const { CredentialCreationOptions } = await server.cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const options = CredentialCreationOptions as unknown as PublicKeyCredentialCreationOptionsJSON;
    const credential = new SoftAuthenticator({ algorithm }).create(ORIGIN, options, { coseKey });
    return server.cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));
  }

  const contradictions: [string, CoseAlgorithm, Record<number, number>, RegExp][] = [
    ['an RSA key labelled ES256', -257, { [ALG]: -7 }, /key type 3 does not fit ES256/],
    ['a P-256 key labelled RS256', -7, { [ALG]: -257 }, /key type 2 does not fit RS256/],
    ['a P-256 key naming the curve P-384', -7, { [CRV]: 2 }, /curve 2 does not fit ES256/],
    ['an Ed25519 key labelled ES256', -8, { [ALG]: -7 }, /key type 1 does not fit ES256/],
    ['a P-256 key with the key type RSA', -7, { [KTY]: 3 }, /key type 3 does not fit ES256/],
  ];
  for (const [what, algorithm, coseKey, reason] of contradictions) {
    it(`refuses ${what} with InvalidParameterException, storing nothing`, async () => {
      const before = await credentialIds();
      const error = await expectError(register(algorithm, coseKey), 'InvalidParameterException', /^Credential data is not valid: the credential public key is malformed: /);
      assert.match(error.message, reason);
      assert.deepEqual(await credentialIds(), before);
    });
  }

  it('registers a key that agrees with itself', async () => {
    const before = (await credentialIds()).length;
    await register(-257, {});
    assert.equal((await credentialIds()).length, before + 1);
  });
});
