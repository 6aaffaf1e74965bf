// What every form of the pool domain's pages shares: the token that proves a form was posted from
// the page (login CSRF), the request context the API's code runs in for a page, and the SECRET_HASH
// the page computes for a client with a secret, as the app's own server would.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../random.js';
import type { IncomingMessage } from 'node:http';
import { newRequestContext, type App, type Operation, type OperationInput, type OperationOutput, type RequestContext } from '../app.js';
import { operations } from '../operations/index.js';
import { runOperation } from '../protocol/dispatch.js';
import { operationDefs } from '../protocol/model.js';
import { validateInput } from '../protocol/validate.js';
import { computeSecretHash } from '../auth/secretHash.js';
import type { ClientRecord } from '../store/records.js';
import type { DomainRequest } from './domains.js';
import { errorPage } from './pages.js';
import type { Language } from './texts.js';

const CSRF_COOKIE = 'keypool-form';

/**
 * The browser's form token: the cookie it has, or a new one with the cookie that sets it. A form
 * posted from another site carries no such cookie (SameSite=Lax), nor its value.
 */
export function formToken(req: IncomingMessage, found: DomainRequest): { token: string; cookie?: string } {
  const existing = String(req.headers.cookie ?? '')
    .split(/;\s*/)
    .find((c) => c.startsWith(`${CSRF_COOKIE}=`))
    ?.slice(CSRF_COOKIE.length + 1);
  if (existing && /^[A-Za-z0-9_-]{22}$/.test(existing)) return { token: existing };
  const token = randomBytes(16).toString('base64url');
  return { token, cookie: `${CSRF_COOKIE}=${token}; Path=${found.base}/; HttpOnly; SameSite=Lax` };
}

/** The form token a posted form carries, when it is the browser's; else the 403 page (in `lang`) that refuses the post. */
export function postedToken(req: IncomingMessage, found: DomainRequest, form: URLSearchParams, lang: Language): string | { status: number; html: string } {
  const expected = formToken(req, found);
  const given = form.get('_csrf') ?? '';
  const [a, b] = [Buffer.from(given), Buffer.from(expected.token)];
  if (expected.cookie === undefined && a.length === b.length && timingSafeEqual(a, b)) return given;
  return { status: 403, html: errorPage('invalid_request', 'This form expired or was sent from another site: open the page again.', lang) };
}

/** The context a page runs the API's code in: its auth events and logs name `operation`. */
export const pageContext = (app: App, req: IncomingMessage, operation: string): RequestContext =>
  newRequestContext(app, { requestId: randomUUID(), operation, sourceIp: req.socket.remoteAddress ?? '', userAgent: String(req.headers['user-agent'] ?? '') });

/** Runs one of the API's operations for a page, as the API runs it: input checked against its model shape, triggers, auth event. */
export function runPageOperation<N extends keyof typeof operations>(ctx: RequestContext, name: N, input: OperationInput<N>): Promise<OperationOutput<N>> {
  validateInput(operationDefs[name].input!, input);
  return runOperation(operations[name] as unknown as Operation<N>, input, ctx);
}

/** The SECRET_HASH the page computes for the user, as the app client's own server would. */
export const secretHashFor = (client: ClientRecord, username: string): Record<string, string> =>
  client.clientSecrets[0] ? { SECRET_HASH: computeSecretHash(client.clientSecrets[0].value, username, client.clientId) } : {};
