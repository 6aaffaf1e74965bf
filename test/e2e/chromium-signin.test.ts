// One passkey sign-in (USER_AUTH, WEB_AUTHN) by a real browser: Debian's Chromium with a CDP
// virtual authenticator registers a passkey through keypool, then signs in with it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { chromiumMissing, openPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { createUser, signIn } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { passkeyPool } from '../support/userAuth.js';

describe('passkey sign-in in Chromium', () => {
  const missing = chromiumMissing();
  let server: TestServer;
  let browser: PasskeyBrowser;

  before(async () => {
    if (missing) return;
    server = await startTestServer();
    browser = await openPasskeyBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('signs in with the passkey the browser registered', async (t) => {
    if (missing) return t.skip(missing);
    const { cognito } = server;
    const { poolId, clientId } = await passkeyPool(cognito, { userVerification: 'required' });
    await createUser(cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
    const { AccessToken } = await signIn(cognito, clientId, 'alice');
    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    const registered = await browser.register(CredentialCreationOptions);
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: registered as never }));

    const started = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' } }),
    );
    assert.equal(started.ChallengeName, 'WEB_AUTHN');
    const assertion = await browser.authenticate(JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!));
    assert.equal(assertion.id, registered.id);
    const done = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'WEB_AUTHN',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'alice', CREDENTIAL: JSON.stringify(assertion) },
      }),
    );
    const user = await cognito.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    assert.equal(user.Username, 'alice');
  });
});
