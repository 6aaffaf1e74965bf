// Routes beside the AWS JSON endpoint: health, each pool's JWKS and OpenID discovery, the operator
// outbox where confirmation codes and one-time codes land instead of real email or SMS, and the
// operator's signing-key rotation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { refuse } from '../console/server.js';
import { rotatePoolKeys } from '../tokens/keys.js';

const ROTATE_KEYS = /^\/_keypool\/pools\/([\w-]+_[0-9a-zA-Z]+)\/rotate-keys$/;
const WELL_KNOWN = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

function send(res: ServerResponse, status: number, value: unknown, cache = 'no-store', extra: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': cache,
    ...extra,
  });
  res.end(body);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The operator: anyone on this machine when keypool has no credentials of its own; otherwise a
 * request carrying HTTP Basic credentials `<accessKeyId>:<secretAccessKey>` of one of them.
 */
export function isOperator(app: App, req: IncomingMessage): boolean {
  if (app.config.adminCredentials.length === 0) return LOOPBACK.test(req.socket.remoteAddress ?? '');
  const header = String(req.headers.authorization ?? '');
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return app.config.adminCredentials.some((c) => decoded === `${c.accessKeyId}:${c.secretAccessKey}`);
}

export async function handleGet(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://keypool.invalid');
  if (url.pathname === '/health') {
    try {
      await app.store.ping();
      send(res, 200, { status: 'ok', store: app.store.kind });
    } catch {
      send(res, 503, { status: 'unavailable', store: app.store.kind });
    }
    return;
  }

  const wellKnown = url.pathname.match(WELL_KNOWN);
  if (wellKnown) {
    const poolId = wellKnown[1]!;
    const pool = await app.store.pools.get(poolId);
    if (!pool) {
      send(res, 404, { message: `User pool ${poolId} does not exist.` });
      return;
    }
    if (wellKnown[2] === 'jwks.json') {
      send(res, 200, await app.keys.jwks(poolId), 'public, max-age=60');
      return;
    }
    const issuer = app.issuer(poolId);
    send(
      res,
      200,
      {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'email', 'email_verified', 'cognito:username'],
        response_types_supported: ['code', 'token'],
      },
      'public, max-age=60',
    );
    return;
  }

  if (url.pathname === '/_keypool/outbox') {
    if (!app.config.outbox) {
      send(res, 404, { message: 'The outbox is switched off (--no-outbox).' });
      return;
    }
    if (!isOperator(app, req)) {
      send(res, 403, { message: 'The outbox answers only the operator: loopback, or HTTP Basic admin credentials.' });
      return;
    }
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 50) || 50, 1), 1000);
    const messages = await app.store.outbox.list({
      poolId: url.searchParams.get('poolId') ?? undefined,
      username: url.searchParams.get('username') ?? undefined,
      limit,
    });
    send(res, 200, { messages });
    return;
  }

  send(res, 404, { message: `Nothing at ${url.pathname}. keypool answers POST / (AWS JSON 1.1), GET /health, /<poolId>/.well-known/*, /_keypool/outbox.` });
}

/**
 * POST /_keypool/pools/<poolId>/rotate-keys: new ID and access signing keys for the pool, answered
 * with their kids. The operator only, and never from another site's page. False for other paths.
 */
export async function handleOperatorPost(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://keypool.invalid');
  const rotate = url.pathname.match(ROTATE_KEYS);
  if (!rotate) return false;
  // Operator endpoints are never shared with other origins.
  res.removeHeader('Access-Control-Allow-Origin');
  res.removeHeader('Access-Control-Expose-Headers');
  const refusal = refuse(app, req);
  if (refusal) {
    send(res, refusal.status, { message: refusal.message }, 'no-store', refusal.headers);
    return true;
  }
  req.resume();
  const poolId = rotate[1]!;
  const kids = await rotatePoolKeys(app.keys, app.store, poolId);
  if (!kids) {
    send(res, 404, { message: `User pool ${poolId} does not exist.` });
    return true;
  }
  app.log.info({ pool: poolId, idKid: kids.id, accessKid: kids.access }, 'signing keys rotated');
  send(res, 200, { poolId, keys: kids });
  return true;
}
