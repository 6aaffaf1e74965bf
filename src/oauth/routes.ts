// What keypool serves on a pool's domain (src/oauth/domains.ts says which requests those are): the
// OAuth 2.0 endpoints (/oauth2/authorize, token, userInfo, revoke) and managed login (/login,
// /logout). The token, userInfo and revoke answers may be read by any origin, as Cognito's are,
// since browser apps call them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { CognitoError, headerSafe } from '../protocol/errors.js';
import { BodyTooLarge, readBody } from '../server/body.js';
import { sendJson } from '../server/respond.js';
import { domainOfRequest, type DomainRequest } from './domains.js';
import { samlSignedOut } from '../federation/logout.js';
import { oauthProviderResponse, postedProviderResponse, samlProviderResponse, samlSignInCompleted } from '../federation/signIn.js';
import { ACCOUNT_PATHS, accountForm, accountSubmit } from './accountPages.js';
import { addPasskeyForm, addPasskeySubmit } from './passkeyPages.js';
import { authorizeEndpoint, loginForm, loginSubmit, logoutEndpoint, type PageAnswer } from './login.js';
import { errorPage, PAGE_HEADERS } from './pages.js';
import { revocationEndpoint, tokenEndpoint, type OAuthAnswer } from './token.js';
import { userInfoEndpoint } from './userInfo.js';

const CORS = { 'Access-Control-Allow-Origin': '*' };

/** Which methods each path answers. */
const METHODS: Record<string, string[]> = {
  '/oauth2/authorize': ['GET'],
  '/oauth2/token': ['POST'],
  '/oauth2/revoke': ['POST'],
  '/oauth2/userInfo': ['GET', 'POST'],
  '/oauth2/idpresponse': ['GET', 'POST'],
  '/saml2/idpresponse': ['GET', 'POST'],
  '/saml2/logout': ['GET'],
  '/login': ['GET', 'POST'],
  '/logout': ['GET'],
  '/passkeys/add': ['GET', 'POST'],
  ...Object.fromEntries(ACCOUNT_PATHS.map((path) => [path, ['GET', 'POST']])),
};

function sendPage(res: ServerResponse, answer: PageAnswer): void {
  if ('location' in answer) {
    res.writeHead(302, { Location: answer.location, 'Cache-Control': 'no-store', ...(answer.cookie ? { 'Set-Cookie': answer.cookie } : {}) });
    res.end();
    return;
  }
  if ('json' in answer) {
    sendJson(res, answer.status, answer.json);
    return;
  }
  res.writeHead(answer.status, { ...PAGE_HEADERS, ...(answer.cookie ? { 'Set-Cookie': answer.cookie } : {}) });
  res.end(answer.html);
}

/** The JSON endpoints' answer to a request they cannot read, or one a trigger refused, in OAuth's terms. */
function oauthFailure(error: unknown): OAuthAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: { error: 'invalid_request', error_description: 'The request body is over 1 MiB.' } };
  if (error instanceof CognitoError && error.status < 500) return { status: 400, body: { error: 'invalid_request', error_description: error.message } };
  throw error;
}

/** The managed login pages and the providers' answers: HTML, redirects, or JSON to the pages' scripts. */
async function answerPage(app: App, req: IncomingMessage, found: DomainRequest, query: URLSearchParams): Promise<PageAnswer> {
  const get = req.method === 'GET';
  const form = async () => new URLSearchParams((await readBody(req)).toString('utf8'));
  switch (found.path) {
    case '/oauth2/authorize':
      return authorizeEndpoint(app, req, found, query);
    case '/oauth2/idpresponse':
      return get ? oauthProviderResponse(app, req, found, query) : postedProviderResponse(found, await form());
    case '/saml2/idpresponse':
      return get ? samlSignInCompleted(app, req, found, query) : samlProviderResponse(app, req, found, await form());
    case '/logout':
      return logoutEndpoint(app, req, found, query);
    case '/saml2/logout':
      return samlSignedOut(app, found, query);
    case '/passkeys/add':
      return get ? addPasskeyForm(app, req, found, query) : addPasskeySubmit(app, req, found, query, await form());
    case '/login':
      return get ? loginForm(app, req, found, query) : loginSubmit(app, req, found, query, await form());
    default: {
      const path = found.path as (typeof ACCOUNT_PATHS)[number];
      return get ? accountForm(app, req, found, path, query) : accountSubmit(app, req, found, path, query, await form());
    }
  }
}

/** Answers a request for a pool domain; false when the request is not for one. */
export async function handleDomainRequest(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const found = await domainOfRequest(app, req);
  if (!found) {
    const { pathname } = new URL(req.url ?? '/', 'http://keypool.invalid');
    if (!pathname.startsWith('/_domain/')) return false;
    sendJson(res, 404, { message: `No user pool has the domain ${pathname.split('/')[2]}: CreateUserPoolDomain gives a pool one.` });
    return true;
  }
  const methods = METHODS[found.path];
  if (!methods) {
    sendJson(res, 404, { message: `A user pool domain serves ${Object.keys(METHODS).join(', ')}; not ${found.path}.` });
    return true;
  }
  const json = ['/oauth2/token', '/oauth2/revoke', '/oauth2/userInfo'].includes(found.path);
  if (req.method === 'OPTIONS' && json) {
    // Browser SDKs send headers of their own (Amplify: x-amz-user-agent): whatever the preflight asks for is allowed.
    const asked = String(req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type');
    res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': `${methods.join(', ')}, OPTIONS`, 'Access-Control-Allow-Headers': headerSafe(asked), 'Access-Control-Max-Age': '86400' });
    res.end();
    return true;
  }
  if (!methods.includes(req.method ?? '')) {
    res.writeHead(405, { Allow: methods.join(', ') });
    res.end();
    return true;
  }
  const query = new URL(req.url ?? '/', 'http://keypool.invalid').searchParams;
  const { authorization, 'content-type': contentType } = req.headers;
  if (!json) {
    let answer: PageAnswer;
    try {
      answer = await answerPage(app, req, found, query);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      answer = { status: 413, html: errorPage('invalid_request', 'The request body is over 1 MiB.') };
    }
    sendPage(res, answer);
    return true;
  }
  let answer: OAuthAnswer & { headers?: Record<string, string> };
  try {
    const body = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    if (found.path === '/oauth2/token') answer = await tokenEndpoint(app, found.domain, contentType, authorization, body);
    else if (found.path === '/oauth2/revoke') answer = await revocationEndpoint(app, found.domain, contentType, authorization, body);
    else answer = await userInfoEndpoint(app, found.domain.poolId, authorization);
  } catch (error) {
    answer = oauthFailure(error);
  }
  sendJson(res, answer.status, answer.body, { ...CORS, ...answer.headers });
  return true;
}
