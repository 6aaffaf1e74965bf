// What keypool serves on a pool's domain (src/oauth/domains.ts says which requests those are): the
// OAuth 2.0 token endpoint. Its answers may be read by any origin, as Cognito's are, since browser
// apps call it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { CognitoError } from '../protocol/errors.js';
import { BodyTooLarge, readBody } from '../server/body.js';
import { sendJson } from '../server/respond.js';
import { domainOfRequest } from './domains.js';
import { tokenEndpoint, type OAuthAnswer } from './token.js';

const CORS = { 'Access-Control-Allow-Origin': '*' };

/** Answers a request for a pool domain; false when the request is not for one. */
export async function handleDomainRequest(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const found = await domainOfRequest(app, req);
  if (!found) {
    const { pathname } = new URL(req.url ?? '/', 'http://keypool.invalid');
    if (!pathname.startsWith('/_domain/')) return false;
    sendJson(res, 404, { message: `No user pool has the domain ${pathname.split('/')[2]}: CreateUserPoolDomain gives a pool one.` });
    return true;
  }
  if (found.path !== '/oauth2/token') {
    sendJson(res, 404, { message: `keypool serves /oauth2/token on user pool domains; not ${found.path}.` });
    return true;
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { ...CORS, 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Max-Age': '86400' });
    res.end();
    return true;
  }
  if (req.method !== 'POST') {
    res.writeHead(405, { Allow: 'POST, OPTIONS' });
    res.end();
    return true;
  }
  let answer: OAuthAnswer;
  try {
    const body = await readBody(req);
    answer = await tokenEndpoint(app, found.domain, req.headers['content-type'], req.headers.authorization, body.toString('utf8'));
  } catch (error) {
    // A request too large, or refused by the pool's PreTokenGeneration function, in OAuth's terms.
    if (error instanceof BodyTooLarge) answer = { status: 413, body: { error: 'invalid_request', error_description: 'The request body is over 1 MiB.' } };
    else if (error instanceof CognitoError && error.status < 500) answer = { status: 400, body: { error: 'invalid_request', error_description: error.message } };
    else throw error;
  }
  sendJson(res, answer.status, answer.body, CORS);
  return true;
}
