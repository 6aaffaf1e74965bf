// One passkey registration by a real browser: Debian's Chromium, headless, with a CDP virtual
// authenticator, on a page at http://localhost:<port> (a secure context for RP ID "localhost").
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CompleteWebAuthnRegistrationCommand,
  ListWebAuthnCredentialsCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedInUser } from '../support/fixtures.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The page turns JSON creation options into navigator.credentials.create() arguments and the
// credential back into RegistrationResponseJSON, as an application's front end does.
const PAGE = `<!doctype html><meta charset=utf-8><title>register a passkey</title><script>
const b64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const unb64u = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
window.registerPasskey = async (o) => {
  const credential = await navigator.credentials.create({ publicKey: {
    ...o,
    challenge: unb64u(o.challenge),
    user: { ...o.user, id: unb64u(o.user.id) },
    excludeCredentials: (o.excludeCredentials || []).map((c) => ({ ...c, id: unb64u(c.id) })),
  } });
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  return { id: credential.id, rawId: b64u(credential.rawId), type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment, clientExtensionResults: credential.getClientExtensionResults(),
    response: { clientDataJSON: b64u(credential.response.clientDataJSON), attestationObject: b64u(credential.response.attestationObject),
      transports: credential.response.getTransports() } };
};
</script>`;

describe('passkey registration in Chromium', () => {
  const available = existsSync(CHROMIUM);
  let server: TestServer;
  let page: http.Server;
  let browser: Browser;
  let origin: string;

  before(async () => {
    if (!available) return;
    server = await startTestServer();
    page = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    origin = `http://localhost:${(page.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu', '--disable-dev-shm-usage'] });
  });

  after(async () => {
    if (!available) return;
    await browser?.close();
    await new Promise((resolve) => page?.close(resolve));
    await server?.dispose();
  });

  it('registers the browser’s passkey and lists it', async (t) => {
    if (!available) {
      if (process.env.CI === 'true') assert.fail(`Chromium is required in CI and missing at ${CHROMIUM}`);
      return t.skip(`Chromium not found at ${CHROMIUM}`);
    }
    const { cognito } = server;
    const { pool, accessToken } = await signedInUser(cognito, {
      pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    });
    await cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: pool.Id!, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } }),
    );

    const tab = await (await browser.newContext()).newPage();
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await tab.goto(origin);

    const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    const credential = (await tab.evaluate('registerPasskey(' + JSON.stringify(CredentialCreationOptions) + ')')) as { id: string };
    await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));

    const { Credentials } = await cognito.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }));
    assert.equal(Credentials!.length, 1);
    assert.equal(Credentials![0]!.CredentialId, credential.id);
    assert.equal(Credentials![0]!.RelyingPartyId, 'localhost');
    assert.equal(Credentials![0]!.AuthenticatorAttachment, 'platform');
    assert.deepEqual(Credentials![0]!.AuthenticatorTransports, ['internal']);
    assert.equal(Credentials![0]!.FriendlyCredentialName, 'Platform passkey');
    // The credential keypool kept is the one the authenticator holds.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(Buffer.from(credentials[0]!.credentialId, 'base64').toString('base64url'), credential.id);
  });
});

