// Sessions between sign-in steps: opaque, bound to pool, client, user and the challenge that must
// answer them, single-use, and valid for the client's AuthSessionValidity (3 minutes by default).
// Each kind of step keeps its own typed state (SignInStates in records.ts); what the store gives back
// is checked here, in one place, against the kind its challenge names before anyone reads it.
import type { App } from '../app.js';
import { newSessionId } from '../ids.js';
import { errors } from '../protocol/errors.js';
import type {
  AuthSessionRecord,
  ClientRecord,
  SessionChallenge,
  SignInProgress,
  SignInStates,
  SignInStep,
  StoredAuthSession,
  UserRecord,
} from '../store/records.js';
import type { ConsumeOutcome } from '../store/store.js';
import type { AuthRequest } from './types.js';

export const sessionLifetimeMs = (client: ClientRecord): number => (client.settings.AuthSessionValidity ?? 3) * 60_000;

/** Stores the session the next step is answered with, for `username`, under `id` (a new opaque Session unless given). */
export async function startSession(app: App, client: ClientRecord, username: string, step: SignInStep, id = newSessionId()): Promise<string> {
  const now = app.clock.now();
  await app.store.sessions.create({
    id,
    poolId: client.poolId,
    clientId: client.clientId,
    username,
    ...step,
    createdAt: now,
    expiresAt: now + sessionLifetimeMs(client),
  });
  return id;
}

type MemberCheck = (value: unknown) => boolean;

const text: MemberCheck = (value) => typeof value === 'string';
const optional =
  (check: MemberCheck): MemberCheck =>
  (value) =>
    value === undefined || check(value);
const texts: MemberCheck = (value) => Array.isArray(value) && value.every(text);

const progress = { flow: optional(text) };
const flag = optional((value) => typeof value === 'boolean');
const proven = { ...progress, deviceKey: optional(text), mfaDone: flag, riskMfa: optional((value) => value === 'IF_CONFIGURED' || value === 'REQUIRED') };
const candidate = { ...progress, name: text, simulated: flag };
const textMap: MemberCheck = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(text);
const challengeResults: MemberCheck = (value) =>
  Array.isArray(value) &&
  value.every((entry: Record<string, unknown>) => typeof entry?.challengeName === 'string' && typeof entry.challengeResult === 'boolean' && optional(text)(entry.challengeMetadata));

/** The members each kind of step keeps, each with its check. */
const MEMBERS: { readonly [C in SessionChallenge]: Readonly<Record<keyof SignInStates[C], MemberCheck>> } = {
  NEW_PASSWORD_REQUIRED: proven,
  MFA: {
    ...proven,
    challenge: (value) => ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SELECT_MFA_TYPE', 'MFA_SETUP'].includes(value as string),
    choices: optional(texts),
    setup: optional((value) => value === 'associated' || value === 'verified'),
  },
  DEVICE_SRP_AUTH: { ...proven, deviceKey: text },
  DEVICE_PASSWORD_VERIFIER: { ...proven, deviceKey: text, A: text, b: text, secretBlock: text },
  PASSWORD_VERIFIER: { ...progress, A: text, b: text, session: optional(text), simulatedFor: optional(text), customHistory: optional(challengeResults) },
  SELECT_CHALLENGE: { ...candidate, available: texts },
  PASSWORD: candidate,
  PASSWORD_SRP: candidate,
  EMAIL_OTP: candidate,
  SMS_OTP: candidate,
  WEB_AUTHN: { ...candidate, challenge: text, rpId: text, userVerification: (value) => value === 'required' || value === 'preferred' },
  CUSTOM_CHALLENGE: { ...progress, history: challengeResults, privateParameters: textMap, metadata: optional(text) },
  AUTHORIZATION_CODE: {
    ...progress,
    redirectUri: text,
    scopes: texts,
    codeChallenge: optional(text),
    codeChallengeMethod: optional(text),
    nonce: optional(text),
    authTime: (value) => typeof value === 'number',
  },
  SIGN_UP_CONFIRMED: progress,
  FEDERATION: { ...progress, provider: text, query: text, nonce: text, binding: text, samlRequestId: optional(text), assertion: optional(text) },
  DISCOVERABLE_WEB_AUTHN: { ...progress, challenge: text, rpId: text, userVerification: (value) => value === 'required' || value === 'preferred' },
};

/**
 * The one check every stored session passes before it is read: it is a `challengeName` step, and its
 * data has every member that kind of step keeps, each of its type.
 */
export function isStep<C extends SessionChallenge>(stored: StoredAuthSession, challengeName: C): stored is StoredAuthSession & AuthSessionRecord<C> {
  const { data } = stored;
  if (stored.challengeName !== challengeName || typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const members: Readonly<Record<string, MemberCheck>> = MEMBERS[challengeName];
  return Object.entries(members).every(([name, check]) => check(Reflect.get(data, name)));
}

/** The session found, bound to this app client and challenge; else Cognito's error for why it cannot be used. */
function usableSession<C extends SessionChallenge>(
  app: App,
  found: ConsumeOutcome<StoredAuthSession>,
  client: ClientRecord | undefined,
  challengeName: C,
): AuthSessionRecord<C> {
  switch (found.outcome) {
    case 'unknown':
      throw errors.invalidSession('the Session is unknown');
    case 'used':
      throw errors.sessionUsed('the Session was used already');
    case 'expired':
      throw errors.sessionExpired(`the Session expired ${Math.round((app.clock.now() - found.record.expiresAt) / 1000)} s ago`);
  }
  const stored = found.record;
  if (client && stored.clientId !== client.clientId) throw errors.invalidSession('the Session belongs to another app client');
  if (stored.challengeName !== challengeName) throw errors.invalidSession(`the Session expects ${stored.challengeName}, not ${challengeName}`);
  if (!isStep(stored, challengeName)) throw errors.invalidSession(`the Session's state is not what a ${challengeName} step keeps`);
  return stored;
}

function sessionToken(token: string | undefined): string {
  if (!token) throw errors.invalidSession('no Session was sent');
  return token;
}

/**
 * Consumes a session once, with Cognito's messages for a spent, expired or foreign one. `client`
 * undefined accepts a session of any app client (AssociateSoftwareToken and VerifySoftwareToken take
 * a Session without a ClientId).
 */
export async function consumeSession<C extends SessionChallenge>(
  app: App,
  token: string | undefined,
  client: ClientRecord | undefined,
  challengeName: C,
): Promise<AuthSessionRecord<C>> {
  const found = await app.store.sessions.consume(sessionToken(token), app.clock.now());
  return usableSession(app, found, client, challengeName);
}

/**
 * The same checks as consumeSession without spending the session, for a challenge that validates
 * its answer first so that a rejected answer (a weak new password) can be corrected and sent again.
 */
export async function peekSession<C extends SessionChallenge>(
  app: App,
  token: string | undefined,
  client: ClientRecord,
  challengeName: C,
): Promise<AuthSessionRecord<C>> {
  const session = await app.store.sessions.get(sessionToken(token));
  return usableSession(app, outcomeWithoutConsuming(session, app.clock.now()), client, challengeName);
}

/** What consuming the session at `now` would find, without consuming it. */
function outcomeWithoutConsuming(session: StoredAuthSession | undefined, now: number): ConsumeOutcome<StoredAuthSession> {
  if (!session) return { outcome: 'unknown' };
  if (session.consumedAt !== undefined) return { outcome: 'used', record: session };
  if (now >= session.expiresAt) return { outcome: 'expired', record: session };
  return { outcome: 'ok', record: session };
}

/** Makes a consumed Session answerable again, for an answer the client may correct. */
export async function releaseSession(app: App, session: AuthSessionRecord): Promise<void> {
  if (session.consumedAt !== undefined) await app.store.sessions.release(session.id, session.consumedAt);
}

/** The user a Session was started for, as they stand now: deleted or disabled since the sign-in began, refused. */
export async function userOfSession(app: App, session: Pick<AuthSessionRecord, 'poolId' | 'username'>): Promise<UserRecord> {
  const user = await app.store.users.get(session.poolId, session.username);
  if (!user) throw errors.invalidSession('the user of the Session was deleted');
  if (!user.enabled) throw errors.userDisabled('the user was disabled after the sign-in began');
  return user;
}

/** Notes whom a session read back is for, and the flow that started its sign-in. */
export function noteSession(request: AuthRequest, session: { username: string; data: SignInProgress }): void {
  request.ctx.note({ user: session.username, flow: session.data.flow });
}
