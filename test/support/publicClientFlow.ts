// A public client's code flow with PKCE, as openid-client runs it for a browser app: the pool's
// discovery, the authorization URL on localhost (the relying party of the pool's passkeys), and the
// page's content security policy complaints, which a managed login page must never raise.
import * as oidc from 'openid-client';
import type { Page } from 'playwright-core';

export interface PublicClientFlow {
  config: oidc.Configuration;
  verifier: string;
  state: string;
  /** /oauth2/authorize of the request, on localhost. */
  authorize: URL;
}

export async function publicClientFlow(serverUrl: string, poolId: string, clientId: string, callback: string): Promise<PublicClientFlow> {
  const config = await oidc.discovery(new URL(`${serverUrl}/${poolId}`), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const authorize = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callback,
    scope: 'openid email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  // The browser reaches keypool as localhost, the relying party of the pool's passkeys.
  authorize.hostname = 'localhost';
  return { config, verifier, state, authorize };
}

/** The Content Security Policy complaints the page logs from now on. */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
