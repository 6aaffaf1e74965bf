// The account pages of managed login, each doing what its API operation does (the same operation,
// run as the API runs it, triggers and auth events included): /signup (SignUp), /confirm
// (ConfirmSignUp), /forgotPassword (ForgotPassword) and /confirmForgotPassword (ConfirmForgotPassword).
// Each carries the authorization request along and ends on the sign-in page with a notice.
import type { IncomingMessage } from 'node:http';
import type { App } from '../app.js';
import { pageLook } from '../managedLogin/look.js';
import { CognitoError } from '../protocol/errors.js';
import type { operations } from '../operations/index.js';
import type { OperationInput } from '../app.js';
import type { AuthorizationRequest } from './authorize.js';
import type { DomainRequest } from './domains.js';
import { formToken, pageContext, postedToken, runPageOperation, secretHashFor } from './forms.js';
import { checkedRequest, isAnswer, signInPage, type PageAnswer } from './login.js';
import { accountPage, type Field } from './pages.js';
import { textsOf } from './texts.js';

export const ACCOUNT_PATHS = ['/signup', '/confirm', '/forgotPassword', '/confirmForgotPassword'] as const;
type AccountPath = (typeof ACCOUNT_PATHS)[number];

interface View {
  title: string;
  hint: string;
  fields: Field[];
  submit: string;
  values?: Record<string, string>;
}

/** The form of each page; `values` are what the step before passes on (the username). */
function view(path: AccountPath, request: AuthorizationRequest, values: Record<string, string> = {}, hint?: string): View {
  const emailAsUsername = (request.pool.settings.UsernameAttributes ?? []).includes('email');
  const t = textsOf(request.lang);
  const code: Field = { name: 'code', label: t.code, autocomplete: 'one-time-code' };
  switch (path) {
    case '/signup':
      return {
        title: t.signUp,
        hint: t.signUpHint(request.client.clientName),
        fields: [
          { name: 'username', label: emailAsUsername ? t.email : t.username, type: emailAsUsername ? 'email' : 'text', autocomplete: emailAsUsername ? 'email' : 'username' },
          ...(emailAsUsername ? [] : [{ name: 'email', label: t.email, type: 'email' as const, autocomplete: 'email', required: false }]),
          { name: 'password', label: t.password, type: 'password', autocomplete: 'new-password' },
        ],
        submit: t.signUp,
      };
    case '/confirm':
      return { title: t.confirmAccount, hint: hint ?? t.enterCode, fields: [code], submit: t.confirm, values };
    case '/forgotPassword':
      return { title: t.forgotPassword, hint: t.forgotPasswordHint, fields: [{ name: 'username', label: t.username, autocomplete: 'username' }], submit: t.sendCode };
    case '/confirmForgotPassword':
      return {
        title: t.resetPassword,
        hint: hint ?? t.resetPasswordHint,
        fields: [code, { name: 'password', label: t.newPassword, type: 'password', autocomplete: 'new-password' }],
        submit: t.resetPasswordSubmit,
        values,
      };
  }
}

async function render(app: App, found: DomainRequest, request: AuthorizationRequest, path: AccountPath, csrf: string, v: View, message?: string): Promise<string> {
  const target = { action: `${found.base}${path}?${request.query}`, csrf, lang: request.lang };
  const look = await pageLook(app, found.domain, request.client);
  const signIn = [{ href: `${found.base}/login?${request.query}`, label: textsOf(request.lang).signIn }];
  return accountPage(target, look, v, { message, links: signIn });
}

/** GET: the page's form. */
export async function accountForm(app: App, req: IncomingMessage, found: DomainRequest, path: AccountPath, query: URLSearchParams): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  const { token, cookie } = formToken(req, found);
  return { status: 200, html: await render(app, found, request, path, token, view(path, request)), cookie };
}

/** POST: runs the page's operation, then the next page (or the form again, saying what was wrong). */
export async function accountSubmit(
  app: App,
  req: IncomingMessage,
  found: DomainRequest,
  path: AccountPath,
  query: URLSearchParams,
  form: URLSearchParams,
): Promise<PageAnswer> {
  const request = await checkedRequest(app, found, query);
  if (isAnswer(request)) return request;
  const csrf = postedToken(req, found, form, request.lang);
  if (typeof csrf !== 'string') return csrf;
  const { client } = request;
  const t = textsOf(request.lang);
  const username = form.get('username') ?? '';
  const ctx = pageContext(app, req, 'ManagedLogin');
  const run = <N extends keyof typeof operations>(name: N, input: OperationInput<N>) => runPageOperation(ctx, name, input);
  const secretHash = secretHashFor(client, username).SECRET_HASH;
  const base = { ClientId: client.clientId, Username: username, ...(secretHash ? { SecretHash: secretHash } : {}) };
  const page = (next: AccountPath, hint?: string) => render(app, found, request, next, csrf, view(next, request, { username }, hint));
  const signIn = (notice: string) => signInPage(app, found, request, csrf, { notice, username });
  try {
    switch (path) {
      case '/signup': {
        const email = form.get('email');
        const out = await run('SignUp', { ...base, Password: form.get('password') ?? '', UserAttributes: email ? [{ Name: 'email', Value: email }] : [] });
        if (out.UserConfirmed) return { status: 200, html: await signIn(t.accountReady) };
        const to = out.CodeDeliveryDetails?.Destination;
        return { status: 200, html: await page('/confirm', to ? t.enterCodeSentTo(to) : undefined) };
      }
      case '/confirm':
        await run('ConfirmSignUp', { ...base, ConfirmationCode: form.get('code') ?? '' });
        return { status: 200, html: await signIn(t.accountConfirmed) };
      case '/forgotPassword': {
        const out = await run('ForgotPassword', base);
        const to = out.CodeDeliveryDetails?.Destination;
        return { status: 200, html: await page('/confirmForgotPassword', to ? t.resetPasswordHintSentTo(to) : undefined) };
      }
      case '/confirmForgotPassword':
        await run('ConfirmForgotPassword', { ...base, ConfirmationCode: form.get('code') ?? '', Password: form.get('password') ?? '' });
        return { status: 200, html: await signIn(t.passwordChanged) };
    }
  } catch (error) {
    if (!(error instanceof CognitoError) || error.status >= 500) throw error;
    const values: Record<string, string> = path === '/signup' || path === '/forgotPassword' ? {} : { username };
    return { status: 400, html: await render(app, found, request, path, csrf, view(path, request, values), error.message) };
  }
}
