// Which pool domain a request is for: on any host (a laptop's localhost), the path form
// /_domain/<domain>/...; or, for the domains' own paths (/oauth2/..., /login, /logout), a prefix domain's host
// (<prefix>.auth.<region>.amazoncognito.com) or a custom domain's host in the Host header, as behind
// Cognito's DNS. Other requests (the API's POST /, say) are never looked up.
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { App } from '../app.js';
import type { DomainRecord } from '../store/records.js';

const PATH_FORM = /^\/_domain\/([^/]+)(\/.*)$/;
const PREFIX_HOST = /^([a-z0-9-]+)\.auth\.[a-z0-9-]+\.amazoncognito\.com$/;

export interface DomainRequest {
  domain: DomainRecord;
  /** The path below the domain, e.g. /oauth2/token. */
  path: string;
  /** What the domain's paths are under on this request: /_domain/<domain> in the path form, else nothing. */
  base: string;
}

/** The paths a pool domain serves, reached by Host as well as by the path form. */
const DOMAIN_PATHS = /^\/(oauth2\/|saml2\/(idpresponse|logout)$|login$|logout$|signup$|confirm$|forgotPassword$|confirmForgotPassword$|passkeys\/add$)/;

/** The base URL a pool's domain is reached at through this keypool (the path form on its public URL). */
export const domainBaseUrl = (publicBase: string, domain: string): string => `${publicBase}/_domain/${encodeURIComponent(domain)}`;

/** The pool domain `req` is for, or undefined when it is for keypool itself (or names no domain keypool has). */
export async function domainOfRequest(app: App, req: IncomingMessage): Promise<DomainRequest | undefined> {
  const { pathname } = new URL(req.url ?? '/', 'http://keypool.invalid');
  const pathForm = pathname.match(PATH_FORM);
  if (pathForm) {
    const domain = await app.store.domains.get(decodeURIComponent(pathForm[1]!));
    return domain && { domain, path: pathForm[2]!, base: `/_domain/${pathForm[1]!}` };
  }
  if (!DOMAIN_PATHS.test(pathname)) return undefined;
  const host = String(req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!host.includes('.') || isIP(host)) return undefined;
  const domain = await app.store.domains.get(host.match(PREFIX_HOST)?.[1] ?? host);
  return domain && { domain, path: pathname, base: '' };
}
