// The operator's JSON API under /_keypool/api/: a read of the store for the console (pools, clients,
// users, groups, passkeys, the outbox, auth events) and the operator's two writes, deleting a
// passkey and rotating a pool's signing keys. Secrets never leave: no client secret, password hash,
// signing key or refresh token is answered.
import { randomUUID } from 'node:crypto';
import { newRequestContext, type App } from '../app.js';
import { computeSecretHash } from '../auth/secretHash.js';
import { recordAuthEvent } from '../events/record.js';
import { MAX_DEVICES_PAGE } from '../devices/devices.js';
import { groupsOfUser } from '../groups/groups.js';
import { deletePasskey } from '../passkeys/deletion.js';
import { friendlyCredentialName } from '../passkeys/friendlyName.js';
import { describePool } from '../pools/describe.js';
import { describedSecret } from '../pools/clients.js';
import { isOriginAllowed, passkeysEnabled, webAuthnSettings } from '../pools/webauthn.js';
import { CognitoError } from '../protocol/errors.js';
import type { AuthEventRecord, ClientRecord, DeviceRecord, GroupRecord, IdentityProviderRecord, PasskeyRecord, PoolRecord, SoftwareTokenRecord, UserRecord } from '../store/records.js';
import { rotatePoolKeys } from '../tokens/keys.js';

export interface ApiRequest {
  method: string;
  /** Path segments after /_keypool/api/ (or /_keypool/), decoded. */
  segments: string[];
  query: URLSearchParams;
  /** The origin the console page is served from, for the playground's relying-party hint. */
  consoleOrigin: string;
  /** Where the operator's request came from, for the auth events of its writes. */
  sourceIp: string;
  userAgent: string;
}

export interface ApiAnswer {
  status: number;
  body?: unknown;
}

/** The shapes the console page reads. */
export type PoolSummary = Awaited<ReturnType<typeof poolSummary>>;
export type PoolDetail = Awaited<ReturnType<typeof poolDetail>>;
export type ClientView = ReturnType<typeof clientView>;
export type UserView = ReturnType<typeof userView>;
export type PasskeyView = ReturnType<typeof passkeyView>;
export type GroupView = ReturnType<typeof groupView>;
export type DeviceView = ReturnType<typeof deviceView>;
export type MfaView = ReturnType<typeof mfaView>;

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const notFound = (message: string): ApiAnswer => ({ status: 404, body: { message } });
const badRequest = (message: string): ApiAnswer => ({ status: 400, body: { message } });

const USER_STATUSES = new Set(['UNCONFIRMED', 'CONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'EXTERNAL_PROVIDER', 'ARCHIVED', 'UNKNOWN']);
const OUTCOMES = new Set<AuthEventRecord['outcome']>(['Pass', 'Fail', 'InProgress']);
const EVENT_TYPES = new Set<AuthEventRecord['eventType']>([
  'SignIn',
  'SignUp',
  'ForgotPassword',
  'PasswordChange',
  'ResendCode',
  'PasskeyRegistration',
  'PasskeyDeletion',
]);

function limitOf(query: URLSearchParams, fallback: number, max: number): number {
  const n = Number(query.get('limit') ?? fallback);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

export async function handleApi(app: App, request: ApiRequest): Promise<ApiAnswer> {
  const { method, segments: s, query } = request;
  const route = `${method} ${s.map((part, i) => (i % 2 === 1 ? ':' : part)).join('/')}`;
  switch (route) {
    case 'GET pools':
      return ok({ pools: await Promise.all((await allPools(app)).map((pool) => poolSummary(app, pool))) });
    case 'GET pools/:':
      return withPool(app, s[1]!, async (pool) => ok(await poolDetail(app, pool, request.consoleOrigin)));
    case 'GET pools/:/clients':
      return withPool(app, s[1]!, async (pool) => ok({ clients: (await allClients(app, pool.id)).map(clientView) }));
    case 'GET pools/:/users':
      return withPool(app, s[1]!, (pool) => searchUsers(app, pool, query));
    case 'GET pools/:/groups':
      return withPool(app, s[1]!, (pool) => listGroups(app, pool, query));
    case 'GET pools/:/users/:':
      return withUser(app, s[1]!, s[3]!, async (user) =>
        ok({
          user: userView(user),
          passkeys: (await app.store.passkeys.listForUser(user.poolId, user.username)).map(passkeyView),
          groups: (await groupsOfUser(app, user.poolId, user.username)).map((group) => groupView(group)),
          devices: (await app.store.devices.list(user.poolId, user.username, MAX_DEVICES_PAGE)).items.map(deviceView),
          mfa: mfaView(user, await app.store.softwareTokens.get(user.poolId, user.username)),
        }),
      );
    case 'DELETE pools/:/users/:/passkeys/:':
      return withUser(app, s[1]!, s[3]!, (user) => deleteUserPasskey(app, request, user, s[5]!));
    case 'POST pools/:/rotate-keys':
      return rotateKeys(app, s[1]!);
    case 'GET pools/:/clients/:/secret-hash':
      return secretHash(app, s[1]!, s[3]!, query.get('username') ?? '');
    case 'GET outbox':
      if (!app.config.outbox) return notFound('The outbox is switched off (--no-outbox).');
      return ok({
        messages: await app.store.outbox.list({
          poolId: query.get('poolId') || undefined,
          username: query.get('username') || undefined,
          limit: limitOf(query, 100, 1000),
        }),
      });
    case 'GET events':
      return listEvents(app, query);
    default:
      return notFound(`No operator API at ${method} /_keypool/api/${s.join('/')}.`);
  }
}

/**
 * The console's Delete: the deletion DeleteWebAuthnCredential makes, with its PasskeyDeletion event,
 * on the operator's word instead of the user's access token.
 */
async function deleteUserPasskey(app: App, request: ApiRequest, user: UserRecord, credentialId: string): Promise<ApiAnswer> {
  const ctx = newRequestContext(app, {
    requestId: randomUUID(),
    operation: 'DeleteWebAuthnCredential',
    sourceIp: request.sourceIp,
    userAgent: request.userAgent,
  });
  ctx.note({ pool: user.poolId, user: user.username });
  const input = { CredentialId: credentialId };
  try {
    await deletePasskey(app, user, credentialId);
  } catch (error) {
    await recordAuthEvent(ctx, 'PasskeyDeletion', { input, error });
    if (error instanceof CognitoError && error.type === 'ResourceNotFoundException') {
      return notFound(`User ${user.username} has no passkey ${credentialId}.`);
    }
    throw error;
  }
  await recordAuthEvent(ctx, 'PasskeyDeletion', { input, output: {} });
  app.log.info({ requestId: ctx.requestId, operation: ctx.operation, ...ctx.noted, by: 'operator' }, 'ok');
  return { status: 204 };
}

/** New ID and access signing keys for the pool, answered with their kids (tokens of the old ones keep verifying). */
async function rotateKeys(app: App, poolId: string): Promise<ApiAnswer> {
  const kids = await rotatePoolKeys(app.keys, app.store, poolId);
  if (!kids) return notFound(`User pool ${poolId} does not exist.`);
  app.log.info({ pool: poolId, idKid: kids.id, accessKid: kids.access }, 'signing keys rotated');
  return ok({ poolId, keys: kids });
}

async function withPool(app: App, poolId: string, then: (pool: PoolRecord) => Promise<ApiAnswer>): Promise<ApiAnswer> {
  const pool = await app.store.pools.get(poolId);
  return pool ? then(pool) : notFound(`User pool ${poolId} does not exist.`);
}

async function withUser(app: App, poolId: string, username: string, then: (user: UserRecord) => Promise<ApiAnswer>) {
  return withPool(app, poolId, async () => {
    const user = await app.store.users.get(poolId, username);
    return user ? then(user) : notFound(`User ${username} does not exist in ${poolId}.`);
  });
}

async function allPools(app: App): Promise<PoolRecord[]> {
  const pools: PoolRecord[] = [];
  let after: string | undefined;
  do {
    const page = await app.store.pools.list(200, after);
    pools.push(...page.items);
    after = page.next;
  } while (after);
  return pools;
}

async function allClients(app: App, poolId: string): Promise<ClientRecord[]> {
  const clients: ClientRecord[] = [];
  let after: string | undefined;
  do {
    const page = await app.store.clients.list(poolId, 200, after);
    clients.push(...page.items);
    after = page.next;
  } while (after);
  return clients;
}

async function poolSummary(app: App, pool: PoolRecord) {
  return {
    id: pool.id,
    name: pool.name,
    tier: pool.settings.UserPoolTier ?? 'ESSENTIALS',
    users: await app.store.pools.countUsers(pool.id),
    passkeys: passkeysEnabled(pool),
    threatProtection: pool.settings.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF',
    createdAt: pool.createdAt,
  };
}

async function poolDetail(app: App, pool: PoolRecord, consoleOrigin: string) {
  const webAuthn = await webAuthnSettings(app, pool);
  return {
    summary: await poolSummary(app, pool),
    pool: await describePool(app, pool),
    signInPolicy: pool.settings.Policies?.SignInPolicy ?? {},
    webAuthn: {
      enabled: passkeysEnabled(pool),
      ...webAuthn,
      configured: pool.settings.WebAuthnConfiguration ?? {},
      // Whether a passkey ceremony run from the console page itself can succeed.
      consoleOrigin,
      consoleOriginAllowed: webAuthn.rpId !== undefined && isOriginAllowed(webAuthn.rpId, consoleOrigin, app.config.extraOrigins),
    },
    domains: await app.store.domains.listForPool(pool.id),
    clients: (await allClients(app, pool.id)).map(clientView),
    identityProviders: await firstIdentityProviders(app, pool.id),
  };
}

/** The console shows this many of a pool's identity providers, by name. */
const IDENTITY_PROVIDERS_SHOWN = 60;

/** The pool's first identity providers by name, and whether there are more; never their details (secrets). */
async function firstIdentityProviders(app: App, poolId: string) {
  const page = await app.store.identityProviders.list(poolId, IDENTITY_PROVIDERS_SHOWN);
  return { providers: page.items.map(identityProviderView), more: page.next !== undefined };
}

function identityProviderView(provider: IdentityProviderRecord) {
  return {
    providerName: provider.providerName,
    providerType: provider.providerType,
    idpIdentifiers: provider.idpIdentifiers,
    mappedAttributes: Object.keys(provider.attributeMapping),
    createdAt: provider.createdAt,
  };
}

function clientView(client: ClientRecord) {
  return {
    clientId: client.clientId,
    clientName: client.clientName,
    hasSecret: client.clientSecrets.length > 0,
    explicitAuthFlows: client.settings.ExplicitAuthFlows ?? [],
    preventUserExistenceErrors: client.settings.PreventUserExistenceErrors ?? 'LEGACY',
    settings: client.settings,
    createdAt: client.createdAt,
  };
}

function userView(user: UserRecord) {
  return {
    username: user.username,
    sub: user.sub,
    status: user.status,
    enabled: user.enabled,
    attributes: user.attributes,
    hasPassword: user.password !== undefined,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/** A user's MFA settings and authenticator, never its key. */
function mfaView(user: UserRecord, token: SoftwareTokenRecord | undefined) {
  return {
    enabled: user.preferences.enabledMfas ?? [],
    preferred: user.preferences.preferredMfa,
    passkeyMfa: user.preferences.webAuthnMfa === true,
    authenticator: token?.secret === undefined ? undefined : { name: token.friendlyName, verifiedAt: token.verifiedAt },
  };
}

function passkeyView(p: PasskeyRecord) {
  return {
    credentialId: p.credentialId,
    friendlyName: friendlyCredentialName(p.aaguid, p.attachment),
    aaguid: p.aaguid,
    attachment: p.attachment ?? null,
    transports: p.transports,
    algorithm: p.algorithm,
    attestationFormat: p.attestationFormat,
    backupEligible: p.backupEligible,
    backedUp: p.backedUp,
    userVerified: p.userVerified,
    signCount: p.signCount,
    rpId: p.rpId,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt ?? null,
  };
}

// The verifier and salt stay out: the console shows what identifies a device, not what proves it.
// The user page shows the first page of devices by key; AdminListDevices pages through them all.
function deviceView(device: DeviceRecord) {
  return {
    deviceKey: device.deviceKey,
    name: device.deviceName ?? null,
    status: device.status,
    lastIpUsed: device.lastIpUsed ?? null,
    createdAt: device.createdAt,
    lastAuthenticatedAt: device.lastAuthenticatedAt,
  };
}

/** Members are counted up to this many, so that a page of large groups stays cheap to show. */
const MEMBER_COUNT_CAP = 1000;

function groupView(group: GroupRecord, members?: number) {
  return {
    groupName: group.groupName,
    description: group.description ?? null,
    precedence: group.precedence ?? null,
    roleArn: group.roleArn ?? null,
    /** Members, counted up to MEMBER_COUNT_CAP; membersCapped says there are more. */
    members: members === undefined ? null : Math.min(members, MEMBER_COUNT_CAP),
    membersCapped: members !== undefined && members > MEMBER_COUNT_CAP,
    createdAt: group.createdAt,
    updatedAt: group.updatedAt,
  };
}

/** A page of the pool's groups in name order, each with its member count. */
async function listGroups(app: App, pool: PoolRecord, query: URLSearchParams): Promise<ApiAnswer> {
  const page = await app.store.groups.list(pool.id, limitOf(query, 100, 500), query.get('after') || undefined);
  const groups = await Promise.all(
    page.items.map(async (group) => groupView(group, await app.store.groups.countMembers(pool.id, group.groupName, MEMBER_COUNT_CAP + 1))),
  );
  return ok({ groups, ...(page.next ? { next: page.next } : {}) });
}

/** Users whose username, email, phone number or sub starts with `prefix`, optionally of one status. */
async function searchUsers(app: App, pool: PoolRecord, query: URLSearchParams): Promise<ApiAnswer> {
  const prefix = (query.get('prefix') ?? '').toLowerCase();
  const status = query.get('status') || undefined;
  if (status && !USER_STATUSES.has(status)) return badRequest(`Unknown status ${status}.`);
  const limit = limitOf(query, 50, 500);
  const matches = (user: UserRecord) =>
    (!status || user.status === status) &&
    (!prefix ||
      [user.username, user.sub, user.attributes.email, user.attributes.phone_number].some((v) => v?.toLowerCase().startsWith(prefix)));
  const users: ReturnType<typeof userView>[] = [];
  let after = query.get('after') || undefined;
  let more = false;
  do {
    const page = await app.store.users.list(pool.id, 200, after);
    for (const user of page.items) {
      if (!matches(user)) continue;
      if (users.length === limit) {
        more = true;
        break;
      }
      users.push(userView(user));
    }
    after = page.next;
  } while (after && !more);
  return ok({ users, ...(more ? { next: users[users.length - 1]!.username } : {}) });
}

async function listEvents(app: App, query: URLSearchParams): Promise<ApiAnswer> {
  const outcome = query.get('outcome') || undefined;
  const eventType = query.get('type') || undefined;
  if (outcome && !OUTCOMES.has(outcome as AuthEventRecord['outcome'])) return badRequest(`Unknown outcome ${outcome}.`);
  if (eventType && !EVENT_TYPES.has(eventType as AuthEventRecord['eventType'])) return badRequest(`Unknown event type ${eventType}.`);
  const page = await app.store.events.list({
    poolId: query.get('poolId') || undefined,
    username: query.get('username') || undefined,
    outcome: outcome as AuthEventRecord['outcome'] | undefined,
    eventType: eventType as AuthEventRecord['eventType'] | undefined,
    limit: limitOf(query, 100, 1000),
    before: query.get('before') || undefined,
  });
  // The hash of a notification's feedback token stays in the store.
  const events = page.items.map(({ feedbackTokenHash, ...event }) => (void feedbackTokenHash, event));
  return ok({ events, ...(page.next ? { next: page.next } : {}) });
}

/** The playground signs in through a client with a secret: the operator's server computes SECRET_HASH for it. */
async function secretHash(app: App, poolId: string, clientId: string, username: string): Promise<ApiAnswer> {
  const client = await app.store.clients.get(clientId);
  if (!client || client.poolId !== poolId) return notFound(`User pool client ${clientId} does not exist.`);
  if (!username) return badRequest('username is required.');
  const secret = describedSecret(client);
  return ok({ secretHash: secret === undefined ? null : computeSecretHash(secret, username, client.clientId) });
}
