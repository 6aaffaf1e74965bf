// Managed login on a pool domain: /oauth2/authorize sends a browser to /login (or, signed in within
// the hour, straight back to the app with a code); /login signs the user in through the same flow
// and challenges as InitiateAuth and RespondToAuthChallenge (the password, then a new password or a
// second factor where the pool asks for one), then completes the authorization; /logout forgets the
// browser's sign-in. Each attempt is an auth event, as the API's are.
import type { IncomingMessage } from 'node:http';
import type { App, RequestContext } from '../app.js';
import { challenges } from '../auth/challenges/index.js';
import { userAuthFlow } from '../auth/flows/userAuth.js';
import { answerDiscoverableSignIn, startDiscoverableSignIn } from '../auth/userAuth/discoverable.js';
import { userPasswordFlow } from '../auth/flows/userPassword.js';
import type { AuthRequest, AuthStep } from '../auth/types.js';
import { recordAuthEvent } from '../events/record.js';
import { CognitoError, errors } from '../protocol/errors.js';
import type { ChallengeNameType } from '../protocol/shapes.generated.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { AuthorizeRefusal, authorizationRequest, completeAuthorization, type AuthorizationRequest } from './authorize.js';
import type { DomainRequest } from './domains.js';
import { pageLook } from '../managedLogin/look.js';
import { formToken, pageContext, postedToken, runPageOperation, secretHashFor } from './forms.js';
import { addPasskeyPrompt, offersPasskeyEnrolment } from './passkeyPages.js';
import { forgetSignIn, rememberSignIn, rememberedSignIn, type SamlSession } from './loginCookie.js';
import { challengePage, errorPage, loginPage, type ChallengeField } from './pages.js';
import { startFederatedSignIn } from '../federation/signIn.js';
import { samlSignOutUrl } from '../federation/logout.js';
import { pageLanguage, textsOf, type Language, type PageTexts } from './texts.js';

/** What a managed login route answers: a page, a redirect (with a cookie to set), or JSON to the page's script. */
export type PageAnswer = { status: number; html: string; cookie?: string } | { status: 302; location: string; cookie?: string } | { status: number; json: unknown };

export const isAnswer = <T extends object>(value: T | PageAnswer): value is PageAnswer => 'status' in value;

/** The steps after the password that the pages can take, and what they ask for, in the page's language. */
const challengeFields = (t: PageTexts): Record<string, ChallengeField & { hint: string }> => ({
  NEW_PASSWORD_REQUIRED: { label: t.newPassword, member: 'NEW_PASSWORD', type: 'password', autocomplete: 'new-password', hint: t.chooseNewPassword },
  SOFTWARE_TOKEN_MFA: { label: t.code, member: 'SOFTWARE_TOKEN_MFA_CODE', type: 'text', autocomplete: 'one-time-code', hint: t.enterAppCode },
  SMS_MFA: { label: t.code, member: 'SMS_MFA_CODE', type: 'text', autocomplete: 'one-time-code', hint: t.enterPhoneCode },
  EMAIL_OTP: { label: t.code, member: 'EMAIL_OTP_CODE', type: 'text', autocomplete: 'one-time-code', hint: t.enterEmailCode },
  SELECT_MFA_TYPE: { label: t.confirmWith, member: 'ANSWER', type: 'text', autocomplete: 'off', hint: t.chooseMfa },
  MFA_SETUP: { label: t.code, member: 'USER_CODE', type: 'text', autocomplete: 'one-time-code', hint: t.setUpAuthenticatorApp },
  // Answered by the page's passkey script, never shown as a field.
  WEB_AUTHN: { label: t.passkey, member: 'CREDENTIAL', type: 'text', autocomplete: 'off', hint: t.signInWithYourPasskey },
});

const mfaLabels = (t: PageTexts): Record<string, string> => ({ SOFTWARE_TOKEN_MFA: t.authenticatorApp, SMS_MFA: t.textMessage, EMAIL_OTP: t.anEmail });

/** Whether the login page offers passkeys: the pool allows them as a first factor (USER_AUTH, above the Lite plan). */
const offersPasskeys = (pool: PoolRecord): boolean =>
  pool.settings.UserPoolTier !== 'LITE' && (pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? []).includes('WEB_AUTHN');

/** The answer that refuses an authorization request: back to the app where it can be told, else an error page. */
export const refusalAnswer = (refusal: AuthorizeRefusal, lang: Language): PageAnswer =>
  refusal.redirect ? { status: 302, location: refusal.redirect.toString() } : { status: 400, html: errorPage(refusal.error, refusal.description, lang) };

/** The authorization request of `query`, or the answer that refuses it. */
export async function checkedRequest(app: App, found: DomainRequest, query: URLSearchParams): Promise<AuthorizationRequest | PageAnswer> {
  try {
    return await authorizationRequest(app, found.domain.poolId, query);
  } catch (error) {
    if (error instanceof AuthorizeRefusal) return refusalAnswer(error, pageLanguage(query.get('lang')));
    throw error;
  }
}

/** The browser's sign-in of the last hour on this domain, if its user may still sign in. */
async function rememberedUser(app: App, req: IncomingMessage, request: AuthorizationRequest): Promise<{ user: UserRecord; authTime: number; saml?: SamlSession } | undefined> {
  const remembered = rememberedSignIn(app, req, request.pool.id);
  if (!remembered) return undefined;
  const user = await app.store.users.get(request.pool.id, remembered.username);
  return user && user.sub === remembered.sub && user.enabled && user.status === 'CONFIRMED' ? { user, authTime: remembered.authTime, saml: remembered.saml } : undefined;
}

/** Completes the authorization for `user` and remembers the sign-in on the browser. */
export async function signedIn(app: App, found: DomainRequest, request: AuthorizationRequest, user: UserRecord, authTime: number, saml?: SamlSession): Promise<PageAnswer> {
  const location = await completeAuthorization(app, request, user, authTime);
  return { status: 302, location: location.toString(), cookie: rememberSignIn(app, request.pool.id, user, authTime, `${found.base}/`, saml) };
}

/** GET /oauth2/authorize. */
export async function authorizeEndpoint(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  if (request.provider) return startFederatedSignIn(app, req, found, request);
  const remembered = await rememberedUser(app, req, request);
  if (remembered) return signedIn(app, found, request, remembered.user, remembered.authTime, remembered.saml);
  return { status: 302, location: `${found.base}/login?${request.query}` };
}

/** The buttons of the sign-in page for the app client's third-party providers: each starts the request again with that provider. */
function providerButtons(found: DomainRequest, request: AuthorizationRequest): { href: string; name: string }[] {
  return (request.client.settings.SupportedIdentityProviders ?? [])
    .filter((name) => name !== 'COGNITO')
    .map((name) => {
      const query = new URLSearchParams(request.query);
      query.delete('idp_identifier');
      query.set('identity_provider', name);
      return { href: `${found.base}/oauth2/authorize?${query}`, name };
    });
}

/** Whether the app client's users sign in with the pool's own accounts (COGNITO), not only through providers. */
const signsInWithPool = (request: AuthorizationRequest): boolean => {
  const supported = request.client.settings.SupportedIdentityProviders ?? [];
  return supported.length === 0 || supported.includes('COGNITO');
};

/** The links of the sign-in page to the account pages: signing up where users may, resetting a password. */
function accountLinks(found: DomainRequest, request: AuthorizationRequest): { href: string; label: string }[] {
  const selfService = !request.pool.settings.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  const t = textsOf(request.lang);
  return [
    ...(selfService ? [{ href: `${found.base}/signup?${request.query}`, label: t.signUp }] : []),
    { href: `${found.base}/forgotPassword?${request.query}`, label: t.forgotPassword },
  ];
}

/** The sign-in page of an authorization request, with a notice or an error of the step before. */
export async function signInPage(
  app: App,
  found: DomainRequest,
  request: AuthorizationRequest,
  csrf: string,
  options: { message?: string; notice?: string; username?: string } = {},
): Promise<string> {
  const target = { action: `${found.base}/login?${request.query}`, csrf, lang: request.lang };
  const look = await pageLook(app, found.domain, request.client);
  const pool = signsInWithPool(request);
  return loginPage(target, request.client.clientName, look, {
    ...options,
    passkeys: pool && offersPasskeys(request.pool),
    password: pool,
    providers: providerButtons(found, request),
    links: pool ? accountLinks(found, request) : [],
  });
}

/** GET /login: the sign-in form for the authorization request in the query. */
export async function loginForm(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  const { token, cookie } = formToken(req, found);
  return { status: 200, html: await signInPage(app, found, request, token), cookie };
}

/**
 * Passkey autofill's request options (JSON to the page's script): for no user in particular, so that
 * the browser can offer the passkeys it holds for the pool in the username field's suggestions.
 */
async function autofillOptions(ctx: RequestContext, passkeys: boolean, request: AuthRequest): Promise<PageAnswer> {
  if (!passkeys) return { status: 400, json: { message: errors.webAuthnNotEnabled().message } };
  ctx.note({ flow: 'USER_AUTH' });
  try {
    return { status: 200, json: await startDiscoverableSignIn(request) };
  } catch (error) {
    if (!(error instanceof CognitoError) || error.status >= 500) throw error;
    return { status: 400, json: { message: error.message } };
  }
}

/** POST /login: the password, or the answer to the step after it. */
export async function loginSubmit(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams, form: URLSearchParams): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  const { pool, client } = request;
  const csrf = postedToken(req, found, form, request.lang);
  if (typeof csrf !== 'string') return csrf;
  const action = { action: `${found.base}/login?${request.query}`, csrf, lang: request.lang };
  const t = textsOf(request.lang);
  const fields = challengeFields(t);
  let username = form.get('username') ?? '';
  const ctx = pageContext(app, req, 'ManagedLogin');
  ctx.note({ pool: pool.id, client: client.clientId, flow: 'USER_PASSWORD_AUTH' });
  let user: UserRecord | undefined;
  const base = { ctx, pool, client, admin: false, signedIn: async (proven: UserRecord) => void (user = proven) };
  const challengeName = form.get('challenge') ?? '';
  const field = fields[challengeName];
  const input = { Username: username };
  const passkeyStart = form.get('step') === 'passkey';
  const autofillAnswer = form.get('step') === 'passkey-autofill-answer';
  const passkeys = offersPasskeys(pool);
  if (form.get('step') === 'passkey-autofill') return autofillOptions(ctx, passkeys, { ...base, flow: 'USER_AUTH' });
  let step: AuthStep;
  try {
    step = await (async (): Promise<AuthStep> => {
      if ((autofillAnswer || passkeyStart) && !passkeys) throw errors.webAuthnNotEnabled('the pool does not offer passkeys');
      if (autofillAnswer) {
        ctx.note({ flow: 'USER_AUTH', challenge: 'WEB_AUTHN' });
        const answered = await answerDiscoverableSignIn({ ...base, flow: 'USER_AUTH' }, form.get('session') ?? undefined, form.get('answer') ?? '');
        username = input.Username = answered.user.username;
        return answered.step;
      }
      if (passkeyStart) {
        ctx.note({ flow: 'USER_AUTH' });
        return userAuthFlow.start({
          ...base,
          flow: 'USER_AUTH',
          parameters: { USERNAME: username, PREFERRED_CHALLENGE: 'WEB_AUTHN', ...secretHashFor(client, username) },
        });
      }
      if (form.get('step') === 'totp-setup') {
        // The authenticator app's first code (VerifySoftwareToken with the Session), then MFA_SETUP answered.
        ctx.note({ challenge: 'MFA_SETUP' });
        const verified = await runPageOperation(ctx, 'VerifySoftwareToken', { Session: form.get('session') ?? '', UserCode: form.get('answer') ?? '' });
        return challenges.MFA_SETUP!.answer({
          ...base,
          challengeName: 'MFA_SETUP',
          responses: { USERNAME: username, ...secretHashFor(client, username) },
          sessionToken: verified.Session,
        });
      }
      if (form.get('step') === 'challenge' && field) {
        ctx.note({ challenge: challengeName as ChallengeNameType });
        return challenges[challengeName]!.answer({
          ...base,
          challengeName,
          responses: { USERNAME: username, [field.member]: form.get('answer') ?? '', ...secretHashFor(client, username) },
          sessionToken: form.get('session') ?? undefined,
        });
      }
      return userPasswordFlow.start({
        ...base,
        flow: 'USER_PASSWORD_AUTH',
        parameters: { USERNAME: username, PASSWORD: form.get('password') ?? '', ...secretHashFor(client, username) },
      });
    })();
  } catch (error) {
    await recordAuthEvent(ctx, 'SignIn', { input, error });
    if (!(error instanceof CognitoError) || error.status >= 500) throw error;
    if (passkeyStart) return { status: 400, json: { message: error.message } };
    // A mistake the user can correct inside a step (a wrong code) keeps the step; anything else starts over.
    const session = form.get('session');
    const look = await pageLook(app, found.domain, client);
    const retry = ['CodeMismatchException', 'InvalidPasswordException', 'EnableSoftwareTokenMFAException'].includes(error.type);
    const secret = form.get('secret');
    if (retry && session && form.get('step') === 'totp-setup' && secret) {
      const setup = fields.MFA_SETUP!;
      return { status: 400, html: challengePage(action, look, { challengeName: 'MFA_SETUP', field: setup, session, username, hint: setup.hint, secret }, error.message) };
    }
    if (retry && field && session) {
      return { status: 400, html: challengePage(action, look, { challengeName, field, session, username, hint: field.hint }, error.message) };
    }
    return { status: 400, html: await signInPage(app, found, request, csrf, { message: error.message, username }) };
  }
  await recordAuthEvent(ctx, 'SignIn', { input, output: user ? { AuthenticationResult: {} } : step });
  if (user) {
    const authTime = Math.floor(app.clock.now() / 1000);
    // A sign-in without a passkey, by a user who has none, is offered one before going on.
    if (challengeName !== 'WEB_AUTHN' && !autofillAnswer && passkeys && (await offersPasskeyEnrolment(app, request, user))) {
      return addPasskeyPrompt(app, found, request, csrf, rememberSignIn(app, pool.id, user, authTime, `${found.base}/`));
    }
    return signedIn(app, found, request, user, authTime);
  }
  if (passkeyStart) {
    // USER_AUTH offers another factor when the user has no passkey: the page says so rather than choose.
    if (step.ChallengeName !== 'WEB_AUTHN' || !step.Session) return { status: 400, json: { message: t.noPasskey } };
    const options = JSON.parse(step.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as unknown;
    return { status: 200, json: { session: step.Session, username: step.ChallengeParameters?.USERNAME ?? username, options } };
  }
  const next = step.ChallengeName ? fields[step.ChallengeName] : undefined;
  const parameters = step.ChallengeParameters ?? {};
  const name = parameters.USER_ID_FOR_SRP ?? parameters.USERNAME ?? username;
  const look = await pageLook(app, found.domain, client);
  if (next && step.Session && step.ChallengeName === 'MFA_SETUP' && (JSON.parse(parameters.MFAS_CAN_SETUP ?? '[]') as string[]).includes('SOFTWARE_TOKEN_MFA')) {
    let associated;
    try {
      associated = await runPageOperation(ctx, 'AssociateSoftwareToken', { Session: step.Session });
    } catch (error) {
      if (!(error instanceof CognitoError) || error.status >= 500) throw error;
      return { status: 400, html: await signInPage(app, found, request, csrf, { message: error.message, username }) };
    }
    const { SecretCode, Session } = associated;
    return { status: 200, html: challengePage(action, look, { challengeName: 'MFA_SETUP', field: next, session: Session!, username: name, hint: next.hint, secret: SecretCode! }) };
  }
  if (next && step.Session && step.ChallengeName === 'SELECT_MFA_TYPE') {
    const choices = (JSON.parse(parameters.MFAS_CAN_CHOOSE ?? '[]') as string[]).map((value) => ({ value, label: mfaLabels(t)[value] ?? value }));
    return { status: 200, html: challengePage(action, look, { challengeName: 'SELECT_MFA_TYPE', field: next, session: step.Session, username: name, hint: next.hint, choices }) };
  }
  if (!next || !step.Session || step.ChallengeName === 'MFA_SETUP') {
    ctx.app.log.info({ pool: pool.id, challenge: step.ChallengeName }, 'managed login cannot take this step');
    const message = t.stepNotTaken(step.ChallengeName ?? '—');
    return { status: 400, html: await signInPage(app, found, request, csrf, { message, username }) };
  }
  return { status: 200, html: challengePage(action, look, { challengeName: step.ChallengeName!, field: next, session: step.Session, username: name, hint: next.hint }) };
}

/**
 * GET /logout: forgets the browser's sign-in, then goes to logout_uri (one of the client's
 * LogoutURLs) or back to /login; by way of the SAML provider the browser signed in through, where
 * that provider signs out too (IDPSignout).
 */
export async function logoutEndpoint(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const clientId = query.get('client_id');
  const client = clientId ? await app.store.clients.get(clientId) : undefined;
  const lang = pageLanguage(query.get('lang'));
  if (!client || client.poolId !== found.domain.poolId) return { status: 400, html: errorPage('invalid_request', 'client_id names no app client of this user pool.', lang) };
  const cookie = forgetSignIn(`${found.base}/`);
  const logoutUri = query.get('logout_uri');
  let next: string;
  if (logoutUri !== null) {
    if (!(client.settings.LogoutURLs ?? []).includes(logoutUri)) {
      return { status: 400, html: errorPage('invalid_request', "logout_uri is not one of the app client's LogoutURLs (they must match exactly).", lang) };
    }
    next = logoutUri;
  } else {
    const request = await checkedRequest(app, found, query);
    if (isAnswer(request)) return request;
    next = `${found.base}/login?${request.query}`;
  }
  const saml = rememberedSignIn(app, req, found.domain.poolId)?.saml;
  const viaProvider = saml && (await samlSignOutUrl(app, client, saml, next));
  return { status: 302, location: viaProvider || next, cookie };
}
