// The GET routes anyone may read, from any origin: a start page, health, and each pool's JWKS and
// OpenID discovery.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { wellKnownDocument } from '../tokens/discovery.js';
import { version } from '../version.js';
import { sendJson } from './respond.js';
import { CognitoError } from '../protocol/errors.js';
import { giveFeedback } from '../risk/feedback.js';

/** The one-click links of risk notifications (src/risk/notify.ts). */
const FEEDBACK_PATH = /^\/([\w-]+_[0-9a-zA-Z]+)\/auth-event-feedback$/;

/** Records a user's feedback from a notification's link, as UpdateAuthEventFeedback does, and says so in a page. */
async function answerFeedbackLink(app: App, poolId: string, query: URLSearchParams, res: ServerResponse): Promise<void> {
  // Fixed texts only: nothing from the request is echoed.
  const page = (status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(`<!doctype html>\n<meta charset="utf-8"><title>Sign-in feedback</title>\n<p>${text}</p>\n`);
  };
  const value = query.get('value');
  const pool = await app.store.pools.get(poolId);
  if (!pool || (value !== 'Valid' && value !== 'Invalid')) return page(400, 'This feedback link is not valid.');
  const request = { username: query.get('username') ?? '', eventId: query.get('event_id') ?? '', token: query.get('token') ?? '', value: value as 'Valid' | 'Invalid' };
  try {
    await giveFeedback(app, pool, request, 'Cognito');
  } catch (error) {
    if (error instanceof CognitoError) return page(400, 'This feedback link is not valid.');
    throw error;
  }
  page(200, value === 'Valid' ? 'Thank you: the sign-in is marked as yours.' : 'Thank you: the sign-in is marked as not yours. Change your password.');
}

/** What GET / answers: where to go from here. */
const START_PAGE = () => `<!doctype html>
<meta charset="utf-8"><title>keypool</title>
<h1>keypool ${version()}</h1>
<p>A Cognito-compatible user-pool server. Point a Cognito client (AWS SDK, Amplify, boto3, the AWS CLI) at
this URL as its endpoint: the API is <code>POST /</code> (AWS JSON 1.1).</p>
<ul>
<li><a href="/console/">/console/</a>: the operator console (pools, users, passkeys, auth events), on loopback</li>
<li><a href="/health">/health</a>: 200 while the store is reachable</li>
<li><code>/&lt;poolId&gt;/.well-known/jwks.json</code> and <code>openid-configuration</code>: each pool's token keys and discovery</li>
<li><a href="/_keypool/outbox">/_keypool/outbox</a>: the codes and messages keypool would have sent</li>
<li>Documentation: the README of the keypool package (<code>keypool --help</code> for the options)</li>
</ul>
`;

export async function handlePublicGet(app: App, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://keypool.invalid');
  if (pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : START_PAGE());
    return;
  }
  if (pathname === '/health') {
    try {
      await app.store.ping();
      sendJson(res, 200, { status: 'ok', store: app.store.kind });
    } catch {
      sendJson(res, 503, { status: 'unavailable', store: app.store.kind });
    }
    return;
  }
  const feedback = FEEDBACK_PATH.exec(pathname);
  if (feedback) {
    await answerFeedbackLink(app, feedback[1]!, new URL(req.url ?? '/', 'http://keypool.invalid').searchParams, res);
    return;
  }
  const document = await wellKnownDocument(app, pathname);
  if (document) {
    sendJson(res, document.status, document.body, { 'Cache-Control': document.cacheControl });
    return;
  }
  sendJson(res, 404, { message: `Nothing at ${pathname}. keypool answers POST / (AWS JSON 1.1), GET / (where to go), /health, /console/, /<poolId>/.well-known/*, /_keypool/outbox.` });
}
