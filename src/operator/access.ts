// Who the operator is, and which browser pages may reach what only the operator may do: the
// operator routes (console, its API, the outbox, key rotation) and the IAM-authorized (SigV4)
// operations of the AWS API.
//
// - With admin credentials of its own, the operator is whoever proves one of them: HTTP Basic
//   `<accessKeyId>:<secretAccessKey>` on the operator routes, a SigV4 signature on the API.
// - Without, keypool trusts this machine, and only while nothing else can reach it: it listens on
//   loopback and no --public-url names another host. Behind a same-host reverse proxy every request
//   arrives from 127.0.0.1, so a public URL elsewhere turns the loopback rule off, and so does a
//   request that says it was forwarded (Forwarded, X-Forwarded-For, X-Real-IP).
// - A browser page never gets there from another origin: keypool's own pages (the console) are the
//   only ones answered, and without credentials a request must also be addressed to localhost or the
//   public URL's host, so that a page cannot reach 127.0.0.1 by pointing its own name at it
//   (DNS rebinding).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { App } from '../app.js';
import type { Config } from '../config.js';

const LOOPBACK_ADDRESS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const LOOPBACK_NAME = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|::1)$/i;
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'];

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const hasCredentials = (config: Config): boolean => config.adminCredentials.length > 0;

/** The host of --public-url (with its port, when it has one), lower-case; undefined without one. */
function publicHost(config: Config): string | undefined {
  return config.publicUrl ? new URL(config.publicUrl).host.toLowerCase() : undefined;
}

/** Whether keypool can be reached only from this machine: it listens on loopback, and --public-url (if any) is loopback too. */
function reachableOnlyFromThisMachine(config: Config): boolean {
  if (!LOOPBACK_NAME.test(config.host)) return false;
  return !config.publicUrl || LOOPBACK_NAME.test(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, ''));
}

/**
 * Refuses a configuration that would let anyone on the network administer every pool: listening
 * beyond loopback without admin credentials, unless the operator accepted that with
 * --insecure-open-admin. Throws an Error naming the flags.
 */
export function checkExposure(config: Config): void {
  if (hasCredentials(config) || config.insecureOpenAdmin || LOOPBACK_NAME.test(config.host)) return;
  throw new Error(
    `keypool would listen on ${config.host} without admin credentials: anyone who can reach it could ` +
      'administer every pool (admin operations would accept any AWS credentials). Give it credentials with ' +
      '--admin-credentials <file> (or KEYPOOL_ADMIN_ACCESS_KEY_ID and KEYPOOL_ADMIN_SECRET_ACCESS_KEY), or accept ' +
      'the risk explicitly with --insecure-open-admin (KEYPOOL_INSECURE_OPEN_ADMIN=true).',
  );
}

/** What keypool's configuration exposes without credentials, worth a warning at start; undefined when nothing. */
export function exposureWarning(config: Config): string | undefined {
  if (hasCredentials(config) || reachableOnlyFromThisMachine(config)) return undefined;
  return (
    'keypool is reachable beyond this machine without admin credentials: admin operations accept any AWS ' +
    'credentials, and the operator routes (console, outbox, key rotation) are closed. Set --admin-credentials.'
  );
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** HTTP Basic `<accessKeyId>:<secretAccessKey>` of one of the admin credentials, compared in constant time. */
function carriesAdminCredentials(config: Config, req: IncomingMessage): boolean {
  const header = String(req.headers.authorization ?? '');
  if (!header.startsWith('Basic ')) return false;
  // Equal-length digests, and every credential compared, so the time taken tells nothing about the secret.
  const given = digest(Buffer.from(header.slice(6), 'base64').toString('utf8'));
  let matched = false;
  for (const c of config.adminCredentials) {
    if (timingSafeEqual(given, digest(`${c.accessKeyId}:${c.secretAccessKey}`))) matched = true;
  }
  return matched;
}

const hostOf = (req: IncomingMessage): string => String(req.headers.host ?? '').toLowerCase();

/** Addressed to localhost or to the public URL's host: not to a name an outsider controls. */
function addressedToKeypool(config: Config, req: IncomingMessage): boolean {
  const host = hostOf(req);
  const name = host.replace(/:\d+$/, '');
  return LOOPBACK_NAME.test(name) || host === publicHost(config);
}

/**
 * Whether a request from a browser page (it carries Origin) comes from keypool's own pages: the
 * origin it was addressed to, or the public URL's. Requests without Origin (SDKs, the AWS CLI,
 * curl) are not from a page.
 */
function fromOwnPageOrNoPage(config: Config, req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (config.publicUrl && origin === new URL(config.publicUrl).origin) return true;
  return origin.toLowerCase() === `http://${hostOf(req)}` && (hasCredentials(config) || addressedToKeypool(config, req));
}

/** Why a request may not reach an operator route, or undefined when it comes from the operator. */
export function operatorRefusal(app: App, req: IncomingMessage): Refusal | undefined {
  const { config } = app;
  if (hasCredentials(config)) {
    if (!carriesAdminCredentials(config, req)) {
      return {
        status: 401,
        message: 'This answers only the operator: sign in with an admin access key id and secret.',
        headers: { 'WWW-Authenticate': 'Basic realm="keypool operator", charset="UTF-8"' },
      };
    }
  } else if (!reachableOnlyFromThisMachine(config)) {
    return {
      status: 403,
      message: 'keypool is reachable beyond this machine (--host or --public-url): the operator routes need --admin-credentials.',
    };
  } else if (!LOOPBACK_ADDRESS.test(req.socket.remoteAddress ?? '') || PROXY_HEADERS.some((name) => name in req.headers)) {
    return { status: 403, message: 'This answers only the operator: requests from this machine, not forwarded by a proxy.' };
  } else if (!addressedToKeypool(config, req)) {
    return { status: 403, message: 'This answers only requests addressed to localhost or the public URL.' };
  }
  if (!fromOwnPageOrNoPage(config, req)) {
    return { status: 403, message: "This answers only keypool's own pages, never another site's." };
  }
  return undefined;
}

/**
 * The Origin of a browser page that may not call an IAM-authorized operation, or undefined when the
 * request is not from a page, or from keypool's own. A page elsewhere holds no admin secret worth the
 * name (without credentials keypool accepts any), so it is refused before anything runs.
 */
export function foreignPageOrigin(app: App, req: IncomingMessage): string | undefined {
  return fromOwnPageOrNoPage(app.config, req) ? undefined : String(req.headers.origin);
}
