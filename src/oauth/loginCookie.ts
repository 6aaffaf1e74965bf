// Managed login's memory of who signed in on a browser: a cookie, per pool domain, holding the user
// and the sign-in's time, signed with a key of the server secret (nothing kept in the store). For an
// hour, /oauth2/authorize issues codes to that browser without asking again; /logout forgets it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { App } from '../app.js';

const NAME = 'keypool-login';
export const LOGIN_COOKIE_SECONDS = 3600;

/** A sign-in through a SAML provider: what a LogoutRequest to it names. */
export interface SamlSession {
  provider: string;
  nameId: string;
  sessionIndex?: string;
}

interface Remembered {
  /** Pool, username, sub, sign-in time (epoch seconds), expiry (epoch seconds), the SAML session if any. */
  p: string;
  u: string;
  s: string;
  t: number;
  e: number;
  f?: SamlSession;
}

const tag = (app: App, payload: string) => createHmac('sha256', app.serverSecret.key('managed login')).update(payload).digest('base64url');

/** The Set-Cookie value that remembers the sign-in, for the pages under `path`. */
export function rememberSignIn(app: App, poolId: string, user: { username: string; sub: string }, authTime: number, path: string, saml?: SamlSession): string {
  const now = Math.floor(app.clock.now() / 1000);
  const remembered: Remembered = { p: poolId, u: user.username, s: user.sub, t: authTime, e: now + LOGIN_COOKIE_SECONDS, ...(saml ? { f: saml } : {}) };
  const payload = Buffer.from(JSON.stringify(remembered)).toString('base64url');
  return `${NAME}=${payload}.${tag(app, payload)}; Path=${path}; Max-Age=${LOGIN_COOKIE_SECONDS}; HttpOnly; SameSite=Lax`;
}

export const forgetSignIn = (path: string): string => `${NAME}=; Path=${path}; Max-Age=0; HttpOnly; SameSite=Lax`;

/** Who this browser signed in as on the pool's domain, while the cookie holds (not who they are now: the caller checks). */
export function rememberedSignIn(app: App, req: IncomingMessage, poolId: string): { username: string; sub: string; authTime: number; saml?: SamlSession } | undefined {
  const cookie = String(req.headers.cookie ?? '')
    .split(/;\s*/)
    .find((c) => c.startsWith(`${NAME}=`))
    ?.slice(NAME.length + 1);
  const [payload, given] = (cookie ?? '').split('.');
  if (!payload || !given) return undefined;
  const [a, b] = [Buffer.from(given), Buffer.from(tag(app, payload))];
  if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
  const remembered = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Remembered;
  if (remembered.p !== poolId || remembered.e <= Math.floor(app.clock.now() / 1000)) return undefined;
  return { username: remembered.u, sub: remembered.s, authTime: remembered.t, ...(remembered.f ? { saml: remembered.f } : {}) };
}
