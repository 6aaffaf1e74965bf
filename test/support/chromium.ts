// Debian's Chromium, headless, with a CDP virtual authenticator, on a page at
// http://localhost:<port> (a secure context for RP ID "localhost"). Every page the tab loads gets
// functions that turn JSON options into navigator.credentials calls and the credentials back into
// WebAuthn's JSON forms, as an application's front end does.
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { Config } from '../../src/config.js';
import { startTestServer, type TestServer } from './server.js';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Undefined when Chromium is there; else why the browser test cannot run (a failure in CI, a skip elsewhere). */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI and missing at ${CHROMIUM} (apt-get install -y chromium)`);
  return `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
}

const PASSKEY_FUNCTIONS = `
const b64u = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
const unb64u = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const withIds = (list) => (list || []).map((c) => ({ ...c, id: unb64u(c.id) }));
window.registerPasskey = async (o) => {
  const c = await navigator.credentials.create({ publicKey: {
    ...o, challenge: unb64u(o.challenge), user: { ...o.user, id: unb64u(o.user.id) }, excludeCredentials: withIds(o.excludeCredentials),
  } });
  if (typeof c.toJSON === 'function') return c.toJSON();
  return { id: c.id, rawId: b64u(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment,
    clientExtensionResults: c.getClientExtensionResults(),
    response: { clientDataJSON: b64u(c.response.clientDataJSON), attestationObject: b64u(c.response.attestationObject),
      transports: c.response.getTransports() } };
};
window.signInWithPasskey = async (o) => {
  const c = await navigator.credentials.get({ publicKey: { ...o, challenge: unb64u(o.challenge), allowCredentials: withIds(o.allowCredentials) } });
  if (typeof c.toJSON === 'function') return c.toJSON();
  return { id: c.id, rawId: b64u(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment,
    clientExtensionResults: c.getClientExtensionResults(),
    response: { clientDataJSON: b64u(c.response.clientDataJSON), authenticatorData: b64u(c.response.authenticatorData),
      signature: b64u(c.response.signature), userHandle: c.response.userHandle && b64u(c.response.userHandle) } };
};
`;

const BLANK_PAGE: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><meta charset=utf-8><title>passkeys</title>');
};

export interface PasskeyBrowser {
  origin: string;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
  /** navigator.credentials.create() with CredentialCreationOptions; the RegistrationResponseJSON. */
  register(options: unknown): Promise<{ id: string }>;
  /** navigator.credentials.get() with request options; the AuthenticationResponseJSON. */
  authenticate(options: unknown): Promise<{ id: string }>;
  close(): Promise<void>;
}

export interface PasskeyBrowserOptions {
  /** Answers the page server's requests (a blank page by default). */
  serve?: http.RequestListener;
  viewport?: { width: number; height: number };
  /** Extra Chromium switches, e.g. --host-resolver-rules to point a made-up name at 127.0.0.1. */
  args?: string[];
}

/** Launches Chromium on the page server's origin with one virtual platform authenticator (user verification on). */
export async function openPasskeyBrowser(options: PasskeyBrowserOptions = {}): Promise<PasskeyBrowser> {
  const server = http.createServer(options.serve ?? BLANK_PAGE);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-gpu', '--disable-dev-shm-usage', ...(options.args ?? [])] });
    const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
    await context.addInitScript(PASSKEY_FUNCTIONS);
    const page = await context.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(origin);
    const opened = browser;
    return {
      origin,
      page,
      cdp,
      authenticatorId,
      register: (options) => page.evaluate('registerPasskey(' + JSON.stringify(options) + ')') as Promise<{ id: string }>,
      authenticate: (options) => page.evaluate('signInWithPasskey(' + JSON.stringify(options) + ')') as Promise<{ id: string }>,
      close: async () => {
        await opened.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (error) {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
}

export interface ServerAndBrowser {
  /** Why Chromium cannot run here (the tests skip); undefined when it can. */
  missing: string | undefined;
  server: TestServer;
  browser: PasskeyBrowser;
}

/** Hooks giving the enclosing describe block a test server and a passkey browser, both closed after it. */
export function serverAndPasskeyBrowser(config: () => Promise<Partial<Config>> | Partial<Config> = () => ({})): ServerAndBrowser {
  const context = { missing: chromiumMissing() } as ServerAndBrowser;
  before(async () => {
    if (context.missing) return;
    context.server = await startTestServer(await config());
    context.browser = await openPasskeyBrowser();
  });
  after(async () => {
    await context.browser?.close();
    await context.server?.dispose();
  });
  return context;
}
