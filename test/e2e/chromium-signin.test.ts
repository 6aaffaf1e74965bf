// One passkey sign-in (USER_AUTH, WEB_AUTHN) by a real browser: Debian's Chromium with a CDP
// virtual authenticator registers a passkey through keypool, then signs in with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompleteWebAuthnRegistrationCommand, GetUserCommand, StartWebAuthnRegistrationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { serverAndPasskeyBrowser } from '../support/chromium.js';
import { createUser, signIn } from '../support/fixtures.js';
import { answerPasskey, passkeyPool, startPreferring } from '../support/userAuth.js';

describe('passkey sign-in in Chromium', () => {
  const chromium = serverAndPasskeyBrowser();

  it('signs in with the passkey the browser registered', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const { poolId, clientId } = await passkeyPool(cognito, { userVerification: 'required' });
    await createUser(cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
    const { AccessToken } = await signIn(cognito, clientId, 'alice');
    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    const registered = await browser.register(CredentialCreationOptions);
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: registered as never }));

    const started = await startPreferring(cognito, clientId, 'alice', 'WEB_AUTHN');
    assert.equal(started.ChallengeName, 'WEB_AUTHN');
    const assertion = await browser.authenticate(JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!));
    assert.equal(assertion.id, registered.id);
    const done = await answerPasskey(cognito, clientId, 'alice', started.Session!, assertion);
    const user = await cognito.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
    assert.equal(user.Username, 'alice');
  });
});
