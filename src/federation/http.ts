// keypool's requests to identity providers: bounded in time and size, and every failure one kind of
// error, which the sign-in turns into the app's error redirect. Documents read by URL (discovery,
// SAML metadata) are kept five minutes per node.
import type { App } from '../app.js';

/** A sign-in through a provider that cannot go on; the message says why, without secrets. */
export class FederationFailure extends Error {}

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 1 << 20;

/** The body of a request to a provider, read up to 1 MiB within 10 seconds. */
export async function fetchText(url: string, what: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new FederationFailure(`${what} could not be fetched from ${new URL(url).origin}: ${(error as Error).message}`);
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new FederationFailure(`${what} is over 1 MiB`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_BYTES) throw new FederationFailure(`${what} is over 1 MiB`);
  return { status: response.status, text: body.toString('utf8') };
}

/** A JSON object from a provider; FederationFailure for anything else (an error status, another type). */
export async function fetchJson<T>(url: string, what: string, init: RequestInit = {}): Promise<T> {
  const { status, text } = await fetchText(url, what, { ...init, headers: { Accept: 'application/json', ...init.headers } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FederationFailure(`${what} is not JSON (HTTP ${status})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new FederationFailure(`${what} is not a JSON object (HTTP ${status})`);
  if (status < 200 || status > 299) {
    const { error, error_description: description } = parsed as Record<string, unknown>;
    throw new FederationFailure(`${what} was refused (HTTP ${status}${typeof error === 'string' ? `: ${error}` : ''}${typeof description === 'string' ? ` ${description}` : ''})`);
  }
  return parsed as T;
}

const KEPT_MS = 5 * 60_000;

/** A per-node memory of what `load` gives for a URL, kept five minutes after it was loaded. */
export function keptFiveMinutes<T>(): (app: App, url: string, load: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, { at: number; value: T }>();
  return async (app, url, load) => {
    const found = kept.get(url);
    if (found && app.clock.now() - found.at < KEPT_MS) return found.value;
    const value = await load();
    kept.set(url, { at: app.clock.now(), value });
    return value;
  };
}
