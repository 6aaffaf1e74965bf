// Adding a passkey on managed login: offered once a user without one has signed in with a password
// (in a pool that allows passkeys), and at /passkeys/add for whoever is signed in on the browser. The
// ceremony is the one StartWebAuthnRegistration and CompleteWebAuthnRegistration run
// (src/passkeys/registration.ts); afterwards, or without a passkey, the authorization goes on.
import type { IncomingMessage } from 'node:http';
import type { App } from '../app.js';
import { pageLook } from '../managedLogin/look.js';
import { completeRegistration, startRegistration } from '../passkeys/registration.js';
import { passkeysEnabled } from '../pools/webauthn.js';
import { CognitoError } from '../protocol/errors.js';
import type { UserRecord } from '../store/records.js';
import type { AuthorizationRequest } from './authorize.js';
import type { DomainRequest } from './domains.js';
import { formToken, pageContext, postedToken } from './forms.js';
import { rememberedSignIn } from './loginCookie.js';
import { checkedRequest, isAnswer, type PageAnswer } from './login.js';
import { addPasskeyPage } from './pages.js';
import { textsOf } from './texts.js';
import { recordAuthEvent } from '../events/record.js';

/** Whether to offer a passkey to a user who just signed in with a password: the pool allows passkeys and the user has none. */
export async function offersPasskeyEnrolment(app: App, request: AuthorizationRequest, user: UserRecord): Promise<boolean> {
  return passkeysEnabled(request.pool) && (await app.store.passkeys.listForUser(request.pool.id, user.username)).length === 0;
}

/** Where the authorization goes on: /oauth2/authorize, which the browser's remembered sign-in answers with a code. */
const continueUrl = (found: DomainRequest, request: AuthorizationRequest) => `${found.base}/oauth2/authorize?${request.query}`;

/** The page offering a passkey, for a browser signed in (or about to be, by `cookie`). */
export async function addPasskeyPrompt(app: App, found: DomainRequest, request: AuthorizationRequest, csrf: string, cookie?: string): Promise<PageAnswer> {
  const target = { action: `${found.base}/passkeys/add?${request.query}`, csrf, lang: request.lang };
  const look = await pageLook(app, found.domain, request.client);
  return { status: 200, html: addPasskeyPage(target, look, continueUrl(found, request)), ...(cookie ? { cookie } : {}) };
}

/** The user signed in on the browser, as they stand now. */
async function signedInUser(app: App, req: IncomingMessage, request: AuthorizationRequest): Promise<UserRecord | undefined> {
  const remembered = rememberedSignIn(app, req, request.pool.id);
  const user = remembered && (await app.store.users.get(request.pool.id, remembered.username));
  return user && user.sub === remembered.sub && user.enabled ? user : undefined;
}

/** GET /passkeys/add: the page, for a browser signed in; else the sign-in first. */
export async function addPasskeyForm(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  if (!(await signedInUser(app, req, request))) return { status: 302, location: `${found.base}/login?${request.query}` };
  const { token, cookie } = formToken(req, found);
  return addPasskeyPrompt(app, found, request, token, cookie);
}

/** POST /passkeys/add: step=options (the creation options), then step=complete (the credential), answered as JSON to the page's script. */
export async function addPasskeySubmit(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams, form: URLSearchParams): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  const t = textsOf(request.lang);
  const csrf = postedToken(req, found, form, request.lang);
  if (typeof csrf !== 'string') return { status: 403, json: { message: t.pageExpired } };
  const user = await signedInUser(app, req, request);
  if (!user) return { status: 401, json: { message: t.signInAgainToAddPasskey } };
  const { pool, client } = request;
  const ctx = pageContext(app, req, 'ManagedLogin');
  ctx.note({ pool: pool.id, client: client.clientId, user: user.username });
  try {
    if (form.get('step') === 'options') return { status: 200, json: { options: await startRegistration(app, pool, user, client.clientId) } };
    let credential: unknown;
    try {
      credential = JSON.parse(form.get('credential') ?? '');
    } catch {
      credential = undefined;
    }
    await completeRegistration(app, pool, user, client.clientId, credential);
    await recordAuthEvent(ctx, 'PasskeyRegistration', { input: { Username: user.username }, output: {} });
    return { status: 200, json: { next: continueUrl(found, request) } };
  } catch (error) {
    if (!(error instanceof CognitoError) || error.status >= 500) throw error;
    await recordAuthEvent(ctx, 'PasskeyRegistration', { input: { Username: user.username }, error });
    return { status: 400, json: { message: error.message } };
  }
}
