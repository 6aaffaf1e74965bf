// Signing out of a SAML provider too (IDPSignout): /logout, for a browser signed in through a SAML
// provider that has it set, sends the browser to the provider's single logout service with a
// LogoutRequest for that sign-in's NameID and SessionIndex; the provider's LogoutResponse comes back
// to /saml2/logout, and the browser goes on where /logout would have sent it. keypool's own memory
// of the sign-in is gone before the browser leaves, whatever the provider answers.
import { randomBytes } from '../random.js';
import type { App } from '../app.js';
import { CognitoError } from '../protocol/errors.js';
import type { ClientRecord } from '../store/records.js';
import type { DomainRequest } from '../oauth/domains.js';
import type { SamlSession } from '../oauth/loginCookie.js';
import type { PageAnswer } from '../oauth/login.js';
import { errorPage } from '../oauth/pages.js';
import { logoutRequest } from '../saml/requests.js';
import { readLogoutResponse, SamlResponseError } from '../saml/response.js';
import { FederationFailure } from './http.js';
import { requestSigningKey, samlMetadata } from './saml.js';
import { keepFederationState, takeFederationState } from './signIn.js';

/** Where the browser goes to sign out at the SAML provider too, then on to `next`; undefined when the provider does not take part. */
export async function samlSignOutUrl(app: App, client: ClientRecord, session: SamlSession, next: string): Promise<string | undefined> {
  const provider = await app.store.identityProviders.get(client.poolId, session.provider);
  if (provider?.providerType !== 'SAML' || provider.details.IDPSignout !== 'true') return undefined;
  let sloUrl: string | undefined;
  try {
    sloUrl = (await samlMetadata(app, provider)).sloRedirect;
  } catch (error) {
    if (!(error instanceof FederationFailure)) throw error;
    app.log.warn({ pool: client.poolId, provider: provider.providerName, reason: error.message }, 'signing out at the SAML provider skipped');
  }
  if (!sloUrl) return undefined;
  const state = randomBytes(24).toString('base64url');
  const signingKey = await requestSigningKey(app, provider);
  const request = logoutRequest({ poolId: client.poolId, endpoint: sloUrl, nameId: session.nameId, sessionIndex: session.sessionIndex, relayState: state, now: app.clock.now(), signingKey });
  // No browser binding: the answer's only effect is sending the browser to `next`.
  await keepFederationState(app, client, state, { provider: provider.providerName, query: next, nonce: '', binding: '', samlRequestId: request.id });
  return request.url;
}

/** GET /saml2/logout: the provider's LogoutResponse; the browser goes on where its /logout was to send it. */
export async function samlSignedOut(app: App, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  let next: string;
  try {
    const session = await takeFederationState(app, query.get('RelayState'));
    const answer = readLogoutResponse(query.get('SAMLResponse') ?? '');
    if (answer.inResponseTo !== session.data.samlRequestId) throw new SamlResponseError('the LogoutResponse answers another request');
    if (!answer.success) app.log.info({ pool: found.domain.poolId, provider: session.data.provider }, 'the SAML provider did not sign the user out');
    next = session.data.query;
  } catch (error) {
    if (!(error instanceof CognitoError) && !(error instanceof SamlResponseError)) throw error;
    return { status: 400, html: errorPage('invalid_request', `This sign-out answer is not one keypool is waiting for: ${error.message}`) };
  }
  return { status: 302, location: next };
}
