// The HTTP listener: a 1 MiB body limit, timeouts against slow clients, the AWS JSON endpoint at
// POST /, the public GET routes (health, JWKS, discovery) and the operator wing (src/operator/).
// CORS is granted to browser apps on any origin for what they call: the token-authorized and
// anonymous operations and the public GET routes. IAM-authorized operations and the operator routes
// are never shared with other origins, and a page of another origin calling a signed operation is
// refused before it runs (a preflight cannot tell: it names X-Amz-Target but not its value).
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { App } from '../app.js';
import { foreignPageOrigin } from '../operator/access.js';
import { handleOperatorRequest } from '../operator/routes.js';
import { errors, headerSafe, wireError } from '../protocol/errors.js';
import type { Dispatcher } from '../protocol/dispatch.js';
import { handlePublicGet } from './publicRoutes.js';
import { handleImportUpload } from '../imports/upload.js';
import { requestRegion } from './region.js';
import { verifySigV4 } from './sigv4.js';
import { BodyTooLarge, readBody } from './body.js';
import { handleDomainRequest } from '../oauth/routes.js';

/** Request line and headers together; a larger head is answered 431 by node itself. */
export const MAX_HEADER_BYTES = 16 * 1024;

const EXPOSED_HEADERS = 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date';
const ALLOWED_HEADERS = [
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'authorization',
  'cache-control',
  'content-type',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-target',
  'x-amz-user-agent',
].join(', ');


function allowAnyOrigin(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

/** An answer of the AWS JSON 1.1 endpoint (the other routes answer plain JSON through respond.ts). */
function sendAwsJson(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

/** IAM authorization of a signed operation: never for another origin's page; a valid SigV4 signature when keypool has credentials. */
async function authorizeSigned(app: App, req: IncomingMessage, body: Buffer): Promise<void> {
  const origin = foreignPageOrigin(app, req);
  if (origin !== undefined) throw errors.foreignPage(`a page of ${origin} called an IAM-authorized operation`);
  if (app.config.adminCredentials.length === 0) return;
  await verifySigV4({ method: 'POST', url: req.url ?? '/', headers: req.headersDistinct, body }, app.config.adminCredentials, app.clock.now());
}

export function createHttpServer(app: App, dispatcher: Dispatcher): Server {
  // Timeouts are enforced on this interval: keep it short so a slow client is cut off close to its deadline.
  const checkEveryMs = Math.min(1000, app.config.headersTimeoutMs);
  const handle: RequestListener = async (req, res) => {
    try {
      if (await handleOperatorRequest(app, req, res)) return;
      if (await handleDomainRequest(app, req, res)) return;
      if (req.method === 'OPTIONS') {
        allowAnyOrigin(res);
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
          'Access-Control-Allow-Headers': headerSafe(String(req.headers['access-control-request-headers'] ?? ALLOWED_HEADERS)),
          'Access-Control-Max-Age': '86400',
        });
        res.end();
        return;
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        allowAnyOrigin(res);
        await handlePublicGet(app, req, res);
        return;
      }
      if (await handleImportUpload(app, req, res)) return;
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST, GET, OPTIONS' });
        res.end();
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        allowAnyOrigin(res);
        const refusal = wireError(errors.tooLarge());
        sendAwsJson(res, refusal.status, refusal.body, { ...refusal.headers, Connection: 'close' });
        return;
      }
      // The dispatcher asks for IAM authorization only for signed operations: their answers are not shared.
      let signedOperation = false;
      const response = await dispatcher.handle({
        target: req.headers['x-amz-target'] as string | undefined,
        body: body.toString('utf8'),
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: String(req.headers['user-agent'] ?? ''),
        region: requestRegion(req),
        authorizeSigned: async () => {
          signedOperation = true;
          await authorizeSigned(app, req, body);
        },
      });
      if (!signedOperation) allowAnyOrigin(res);
      sendAwsJson(res, response.status, response.body, { 'x-amzn-RequestId': response.requestId, ...response.headers });
    } catch (error) {
      app.log.error({ err: error }, 'request failed outside any operation');
      if (!res.headersSent) {
        const failure = wireError(error);
        sendAwsJson(res, failure.status, failure.body, failure.headers);
      } else {
        res.destroy();
      }
    }
  };
  const options = { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: checkEveryMs };
  const { tls } = app.config;
  const server: Server = tls ? createTlsServer({ ...options, cert: tls.cert, key: tls.key }, handle) : createServer(options, handle);
  server.headersTimeout = app.config.headersTimeoutMs;
  server.requestTimeout = app.config.requestTimeoutMs;
  server.maxConnections = app.config.maxConnections;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;
  return server;
}
