// Locking a user out of passkey sign-in: five garbage CREDENTIAL answers to RespondToAuthChallenge
// WEB_AUTHN, which anyone who knows a username can send, locked the user's passkeys. A signature
// cannot be guessed, so the lockout protected nothing. Refused assertions now block nothing: twenty
// of them, of every kind, and the genuine passkey still signs in; each refusal is in the auth events
// with its precise reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expectError } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { ORIGIN, passkeyPool, passkeySignIn, respondToChallenge, startPasskeySignIn, userWithPasskey } from '../support/userAuth.js';

const REFUSED = 'Invalid passkey credential for the user.';
const ATTEMPTS = 20;

describe('refused passkey assertions', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let victim: Awaited<ReturnType<typeof userWithPasskey>>;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId } = await passkeyPool(server.cognito));
    victim = await userWithPasskey(server.cognito, poolId, clientId, 'victim');
  });
  after(() => server.dispose());

  it(`do not lock the genuine passkey out, ${ATTEMPTS} in a row`, async () => {
    // The attacker's own passkey, for the same relying party, presented under the victim's credential id.
    const attacker = new SoftAuthenticator();
    attacker.create(ORIGIN, {
      challenge: 'AAAA',
      rp: { id: 'localhost', name: 'localhost' },
      user: { id: 'AAAA', name: 'victim', displayName: 'victim' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    });
    // What anyone can send without the victim's key, each with the reason keypool gives the operator.
    const garbage: [(options: PublicKeyCredentialRequestOptionsJSON) => string, RegExp][] = [
      [() => 'garbage', /CREDENTIAL is not JSON/],
      [() => JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: {} }), /response\.clientDataJSON is missing/],
      [(options) => JSON.stringify(victim.authenticator.get(ORIGIN, options, { badSignature: true })), /signature does not verify/],
      [
        (options) => {
          const forged = attacker.get(ORIGIN, { ...options, allowCredentials: [] }, { credentialId: victim.credentialId });
          return JSON.stringify({ ...forged, response: { ...forged.response, userHandle: undefined } });
        },
        /signature does not verify/,
      ],
    ];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const [answer] = garbage[attempt % garbage.length]!;
      const { session, options } = await startPasskeySignIn(server.cognito, clientId, 'victim');
      await expectError(
        respondToChallenge(server.cognito, clientId, 'WEB_AUTHN', session, { USERNAME: 'victim', CREDENTIAL: answer(options) }),
        'NotAuthorizedException',
        REFUSED,
      );
    }
    const signedIn = await passkeySignIn(server.cognito, clientId, 'victim', victim.authenticator);
    assert.ok(signedIn.AuthenticationResult?.AccessToken, 'the genuine passkey signs in');

    const { items } = await server.keypool.app.store.events.list({ poolId, username: 'victim', outcome: 'Fail', limit: 100 });
    const refusals = items.filter((e) => e.challenge === 'WEB_AUTHN').reverse();
    assert.equal(refusals.length, ATTEMPTS);
    refusals.forEach((event, attempt) => {
      assert.equal(event.errorType, 'NotAuthorizedException');
      assert.match(event.reason ?? '', garbage[attempt % garbage.length]![1]);
    });
  });
});
