// One passkey registration by a real browser: Debian's Chromium, headless, with a CDP virtual
// authenticator, on a page at http://localhost:<port> (a secure context for RP ID "localhost").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand,
  ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { serverAndPasskeyBrowser } from '../support/chromium.js';
import { signedInUser } from '../support/fixtures.js';

describe('passkey registration in Chromium', () => {
  const chromium = serverAndPasskeyBrowser();

  it('registers the browser’s passkey and lists it', async (t) => {
    if (chromium.missing) return t.skip(chromium.missing);
    const { server, browser } = chromium;
    const { cognito } = server;
    const { pool, accessToken } = await signedInUser(cognito, {
      pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    });
    await cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id!, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }),
    );

    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const credential = await browser.register(CredentialCreationOptions);
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));

    const { Credentials } = await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    assert.equal(Credentials!.length, 1);
    assert.equal(Credentials![0]!.CredentialId, credential.id);
    assert.equal(Credentials![0]!.RelyingPartyId, 'localhost');
    assert.equal(Credentials![0]!.AuthenticatorAttachment, 'platform');
    assert.deepEqual(Credentials![0]!.AuthenticatorTransports, ['internal']);
    assert.equal(Credentials![0]!.FriendlyCredentialName, 'Platform passkey');
    // The credential keypool kept is the one the authenticator holds.
    const { credentials } = await browser.cdp.send('WebAuthn.getCredentials', { authenticatorId: browser.authenticatorId });
    assert.equal(Buffer.from(credentials[0]!.credentialId, 'base64').toString('base64url'), credential.id);
  });
});

