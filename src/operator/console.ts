// The operator console's page and browser modules under /console/. Everything is served from the
// package itself; the page fetches nothing from elsewhere.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sendJson } from '../server/respond.js';

const CONSOLE_PATH = '/console';

// Compiled browser modules sit beside this file; the page and stylesheet stay in the sources.
const BROWSER_DIR = fileURLToPath(new URL('./browser/', import.meta.url));
const ASSETS_DIR = fileURLToPath(new URL('../../../src/operator/assets/', import.meta.url));

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

export const isConsolePath = (pathname: string): boolean => pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);

/** Answers a request for /console or below, already known to come from the operator. */
export async function serveConsole(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { message: 'The console pages answer GET only.' }, { Allow: 'GET' });
    return;
  }
  if (pathname === CONSOLE_PATH) {
    res.writeHead(308, { Location: `${CONSOLE_PATH}/` });
    res.end();
    return;
  }
  const module = pathname.match(BROWSER_MODULE);
  const asset = module
    ? { file: `${BROWSER_DIR}${module[1]}`, type: module[2] ? 'application/json' : 'text/javascript; charset=utf-8' }
    : STATIC[pathname];
  const body = asset && (await readFile(asset.file).catch(() => undefined));
  if (!asset || !body) {
    sendJson(res, 404, { message: `Nothing at ${pathname}.` });
    return;
  }
  res.writeHead(200, { 'Content-Type': asset.type, 'Content-Length': body.length, ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}
