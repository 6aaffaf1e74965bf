// The GET routes anyone may read, from any origin: health, and each pool's JWKS and OpenID discovery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { wellKnownDocument } from '../tokens/discovery.js';
import { sendJson } from './respond.js';

export async function handlePublicGet(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://keypool.invalid');
  if (pathname === '/health') {
    try {
      await app.store.ping();
      sendJson(res, 200, { status: 'ok', store: app.store.kind });
    } catch {
      sendJson(res, 503, { status: 'unavailable', store: app.store.kind });
    }
    return;
  }
  const document = await wellKnownDocument(app, pathname);
  if (document) {
    sendJson(res, document.status, document.body, { 'Cache-Control': document.cacheControl });
    return;
  }
  sendJson(res, 404, { message: `Nothing at ${pathname}. keypool answers POST / (AWS JSON 1.1), GET /health, /<poolId>/.well-known/*, /_keypool/outbox.` });
}
