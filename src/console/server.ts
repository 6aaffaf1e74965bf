// The operator console: its page and assets under /console/ and its JSON API under /_keypool/api/.
// Only the operator is answered (loopback, or HTTP Basic admin credentials when keypool has them).
// Everything is served from the package itself; the page fetches nothing from elsewhere.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { App } from '../app.js';
import { isOperator } from '../server/routes.js';
import { handleApi } from './api.js';

const API_PREFIX = '/_keypool/api/';
const CONSOLE_PREFIX = '/console';

// Compiled browser modules sit beside this file; the page and stylesheet stay in the sources.
const BROWSER_DIR = fileURLToPath(new URL('./browser/', import.meta.url));
const ASSETS_DIR = fileURLToPath(new URL('../../../src/console/assets/', import.meta.url));

const STATIC: Readonly<Record<string, { file: string; type: string }>> = {
  '/console/': { file: `${ASSETS_DIR}index.html`, type: 'text/html; charset=utf-8' },
  '/console/console.css': { file: `${ASSETS_DIR}console.css`, type: 'text/css; charset=utf-8' },
};
const BROWSER_MODULE = /^\/console\/js\/([a-z][a-zA-Z]*\.js(\.map)?)$/;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i;

export const isConsolePath = (pathname: string): boolean =>
  pathname === CONSOLE_PREFIX || pathname.startsWith(`${CONSOLE_PREFIX}/`) || pathname.startsWith(API_PREFIX);

/** Answers /console/* and /_keypool/api/*; returns false for any other path. */
export async function handleConsole(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://keypool.invalid');
  if (!isConsolePath(url.pathname)) return false;
  // The console is never shared with other origins: no CORS grant, whatever the API endpoint allows.
  res.removeHeader('Access-Control-Allow-Origin');
  res.removeHeader('Access-Control-Expose-Headers');
  const refusal = refuse(app, req);
  if (refusal) {
    sendJson(res, refusal.status, { message: refusal.message }, refusal.headers);
    return true;
  }
  if (url.pathname.startsWith(API_PREFIX)) {
    await serveApi(app, req, res, url);
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { message: 'The console pages answer GET only.' }, { Allow: 'GET' });
    return true;
  }
  if (url.pathname === CONSOLE_PREFIX) {
    res.writeHead(308, { Location: `${CONSOLE_PREFIX}/` });
    res.end();
    return true;
  }
  const module = url.pathname.match(BROWSER_MODULE);
  const asset = module
    ? { file: `${BROWSER_DIR}${module[1]}`, type: module[2] ? 'application/json' : 'text/javascript; charset=utf-8' }
    : STATIC[url.pathname];
  if (!asset) {
    sendJson(res, 404, { message: `Nothing at ${url.pathname}.` });
    return true;
  }
  let body: Buffer;
  try {
    body = await readFile(asset.file);
  } catch {
    sendJson(res, 404, { message: `Nothing at ${url.pathname}.` });
    return true;
  }
  res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': body.length, ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** Why a request may not reach an operator endpoint: not the operator, a rebound host, or a write from another site. */
export function refuse(app: App, req: IncomingMessage): Refusal | undefined {
  if (!isOperator(app, req)) {
    return app.config.adminCredentials.length > 0
      ? {
          status: 401,
          message: 'The console answers only the operator: sign in with an admin access key id and secret.',
          headers: { 'WWW-Authenticate': 'Basic realm="keypool console", charset="UTF-8"' },
        }
      : { status: 403, message: 'The console answers only the operator: requests from this machine.' };
  }
  // Without credentials the console trusts this machine, so a page elsewhere must not reach it by
  // pointing its own host name at 127.0.0.1 (DNS rebinding).
  if (app.config.adminCredentials.length === 0 && !LOOPBACK_HOST.test(String(req.headers.host ?? '')) && !isPublicHost(app, req)) {
    return { status: 403, message: 'The console answers only requests addressed to localhost or the public URL.' };
  }
  // A write must come from the console page itself, never from another site's form or script.
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const origin = req.headers.origin;
    const publicOrigin = app.config.publicUrl ? new URL(app.config.publicUrl).origin : undefined;
    if (origin !== undefined && origin !== requestOrigin(req) && origin !== publicOrigin) {
      return { status: 403, message: 'The operator API accepts changes only from the console page.' };
    }
  }
  return undefined;
}

function isPublicHost(app: App, req: IncomingMessage): boolean {
  if (!app.config.publicUrl) return false;
  return new URL(app.config.publicUrl).host.toLowerCase() === String(req.headers.host ?? '').toLowerCase();
}

const requestOrigin = (req: IncomingMessage): string => `http://${String(req.headers.host ?? '')}`;

async function serveApi(app: App, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  let segments: string[];
  try {
    segments = url.pathname.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    sendJson(res, 400, { message: 'The path is not valid percent-encoding.' });
    return;
  }
  const answer = await handleApi(app, {
    method: req.method ?? 'GET',
    segments,
    query: url.searchParams,
    consoleOrigin: requestOrigin(req),
  });
  if (answer.body === undefined) {
    res.writeHead(answer.status, { 'Cache-Control': 'no-store' });
    res.end();
    return;
  }
  sendJson(res, answer.status, answer.body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(body);
}
