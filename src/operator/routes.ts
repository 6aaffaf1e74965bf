// The operator wing's HTTP surface: the console (/console/), its JSON API (/_keypool/api/...), the
// outbox (GET /_keypool/outbox) and key rotation (POST /_keypool/pools/<poolId>/rotate-keys). Every
// one answers only the operator (access.ts), and none is shared with other origins.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { operatorRefusal } from './access.js';
import { handleApi } from './api.js';
import { isConsolePath, serveConsole } from './console.js';
import { sendJson } from '../server/respond.js';

const OPERATOR_PREFIX = '/_keypool/';
const API_PREFIX = '/_keypool/api/';

export const isOperatorPath = (pathname: string): boolean => isConsolePath(pathname) || pathname.startsWith(OPERATOR_PREFIX);

/** Answers the operator routes; returns false for any other path. */
export async function handleOperatorRequest(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://keypool.invalid');
  if (!isOperatorPath(url.pathname)) return false;
  const refusal = operatorRefusal(app, req);
  if (refusal) {
    sendJson(res, refusal.status, { message: refusal.message }, refusal.headers);
    return true;
  }
  if (isConsolePath(url.pathname)) await serveConsole(req, res, url.pathname);
  else await serveApi(app, req, res, url);
  return true;
}

/**
 * /_keypool/api/<route> is the console's API; /_keypool/<route> names the same routes, which is how
 * the outbox (/_keypool/outbox) and key rotation (/_keypool/pools/<poolId>/rotate-keys) are documented.
 */
async function serveApi(app: App, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = url.pathname.slice(url.pathname.startsWith(API_PREFIX) ? API_PREFIX.length : OPERATOR_PREFIX.length);
  let segments: string[];
  try {
    segments = route.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    sendJson(res, 400, { message: 'The path is not valid percent-encoding.' });
    return;
  }
  // No route reads a body.
  req.resume();
  const answer = await handleApi(app, {
    method: req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'),
    segments,
    query: url.searchParams,
    consoleOrigin: `http://${String(req.headers.host ?? '')}`,
    sourceIp: req.socket.remoteAddress ?? '',
    userAgent: String(req.headers['user-agent'] ?? ''),
  });
  if (answer.body === undefined) {
    res.writeHead(answer.status, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  sendJson(res, answer.status, answer.body);
}
