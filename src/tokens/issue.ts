// Issuing tokens as Cognito does: an RS256 access token and ID token signed with the pool's keys
// (a different key for each), and an opaque refresh token stored only as a hash. Claims and their
// order follow real Cognito tokens issued by the API flows (the group claims where the ID token
// example of Cognito's developer guide, "Understanding the identity token", puts them).
import { createHash, randomUUID } from 'node:crypto';
import { randomBytes } from '../random.js';
import type { AuthenticationResultType } from '../protocol/shapes.generated.js';
import type { App, RequestScope } from '../app.js';
import { groupClaims, groupsOfUser } from '../groups/groups.js';
import { unknownUserError } from '../pools/lookup.js';
import { requestIssuer } from '../pools/replicas.js';
import { errors } from '../protocol/errors.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/records.js';
import { signJwt } from './sign.js';
import { applyClaimChanges, preTokenGeneration, preTokenGenerationForClient, type TokenSource } from '../triggers/tokenGeneration.js';

export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;

type Unit = keyof typeof UNIT_SECONDS;

/** Token lifetimes of an app client in seconds, with Cognito's defaults (1 h, 1 h, 30 days). */
export function tokenLifetimes(client: ClientRecord): { access: number; id: number; refresh: number } {
  const s = client.settings;
  const units = s.TokenValidityUnits ?? {};
  const seconds = (value: number | undefined, unit: string | undefined, fallback: number, fallbackUnit: Unit) =>
    value === undefined || value === 0
      ? fallback * UNIT_SECONDS[fallbackUnit]
      : value * UNIT_SECONDS[(unit as Unit | undefined) ?? fallbackUnit];
  return {
    access: seconds(s.AccessTokenValidity, units.AccessToken, 1, 'hours'),
    id: seconds(s.IdTokenValidity, units.IdToken, 1, 'hours'),
    refresh: seconds(s.RefreshTokenValidity, units.RefreshToken, 30, 'days'),
  };
}

export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Boolean attributes travel as strings on the wire but as JSON booleans in ID tokens. */
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

/**
 * The `identities` claim: the attribute's JSON array as an array, with `primary` and `dateCreated`
 * as strings, as Cognito's ID tokens carry them.
 */
function identitiesClaim(value: string): unknown {
  try {
    const identities = JSON.parse(value) as Record<string, unknown>[];
    return identities.map((identity) => ({ ...identity, primary: String(identity.primary), dateCreated: String(identity.dateCreated) }));
  } catch {
    return value;
  }
}

function idTokenAttributes(user: UserRecord): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub') continue;
    if (name === 'identities') {
      claims.identities = identitiesClaim(value);
      continue;
    }
    claims[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  return claims;
}

export interface IssueOptions {
  /** Epoch seconds of the original sign-in; refreshes keep it. */
  authTime?: number;
  /** Set when refreshing: the sign-in the new tokens belong to. No new refresh token is created. */
  originJti?: string;
  /** The device of the sign-in (the device_key claim of its access tokens). */
  deviceKey?: string;
  /** What the tokens are issued for, as PreTokenGeneration hears it; a sign-in unless said. */
  source?: TokenSource;
  /**
   * A sign-in through a pool domain (managed login, OAuth 2.0): its granted scopes become the access
   * token's `scope` (kept for its refreshes), the tokens carry `version: 2`, and the ID token, issued
   * only for the `openid` scope, carries `at_hash` and the request's `nonce`.
   */
  oauth?: { scopes: string[]; nonce?: string };
}

/** at_hash (OpenID Connect Core 3.1.3.6): the left half of the access token's SHA-256, base64url. */
const atHash = (accessToken: string): string => createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');

/**
 * The user as the store holds them now: refused when deleted (a user deleted and created again under
 * the name is another) or disabled. However long ago a sign-in began (a challenge started before
 * AdminDisableUser, say), tokens go only to a user who is neither: a refresh reads them here; a new
 * sign-in's family is stored only on that condition (TokenRepository.createFamily), which reads them
 * here only to say why it was not.
 */
async function currentHolder(app: App, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<UserRecord> {
  const current = await app.store.users.get(pool.id, user.username);
  if (!current || current.sub !== user.sub) throw unknownUserError(client, 'the user was deleted before the tokens were issued');
  if (!current.enabled) throw errors.userDisabled('the user was disabled before the tokens were issued');
  return current;
}

export async function issueTokens(
  ctx: RequestScope,
  pool: PoolRecord,
  client: ClientRecord,
  signedIn: UserRecord,
  options: IssueOptions = {},
): Promise<AuthenticationResultType> {
  const { app } = ctx;
  const user = options.originJti ? await currentHolder(app, pool, client, signedIn) : signedIn;
  const nowMs = app.clock.now();
  const iat = Math.floor(nowMs / 1000);
  const authTime = options.authTime ?? iat;
  const lifetimes = tokenLifetimes(client);
  const originJti = options.originJti ?? randomUUID();
  const eventId = randomUUID();
  const iss = await requestIssuer(ctx, pool.id);
  // Membership as it stands now: a refresh carries the groups of refresh time.
  const membership = groupClaims(await groupsOfUser(app, pool.id, user.username));
  const { oauth } = options;
  const granted = oauth?.scopes ?? [ADMIN_SCOPE];
  const custom = await preTokenGeneration(ctx, pool, user, options.source ?? 'TokenGeneration_Authentication', membership, granted);
  const { groups, roles, preferredRole } = custom?.groups ?? membership;
  const groupsClaim = groups.length ? { 'cognito:groups': groups } : {};
  const scopes = custom
    ? [...new Set([...granted, ...custom.access.scopesToAdd])].filter((scope) => !custom.access.scopesToSuppress.includes(scope))
    : granted;

  const accessKey = app.keys.signingKey(pool.id, 'access');
  const accessClaims = {
    sub: user.sub,
    ...(options.deviceKey === undefined ? {} : { device_key: options.deviceKey }),
    ...groupsClaim,
    iss,
    ...(oauth ? { version: 2 } : {}),
    client_id: client.clientId,
    origin_jti: originJti,
    event_id: eventId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: authTime,
    exp: iat + lifetimes.access,
    iat,
    jti: randomUUID(),
    username: user.username,
  };
  const accessToken = accessKey.then((key) => signJwt(custom ? applyClaimChanges(accessClaims, custom.access) : accessClaims, key));

  const attributes = idTokenAttributes(user);
  const { email_verified: emailVerified, ...otherAttributes } = attributes;
  const idClaims = {
    // Through a pool domain the ID token waits for the access token it hashes; otherwise both are signed at once.
    ...(oauth ? { at_hash: atHash(await accessToken) } : {}),
    sub: user.sub,
    ...groupsClaim,
    ...(emailVerified === undefined ? {} : { email_verified: emailVerified }),
    ...(preferredRole === undefined ? {} : { 'cognito:preferred_role': preferredRole }),
    iss,
    'cognito:username': user.username,
    origin_jti: originJti,
    ...(roles.length ? { 'cognito:roles': roles } : {}),
    aud: client.clientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: authTime,
    ...(oauth?.nonce === undefined ? {} : { nonce: oauth.nonce }),
    exp: iat + lifetimes.id,
    iat,
    jti: randomUUID(),
    ...otherAttributes,
  };
  const idToken =
    !oauth || scopes.includes('openid')
      ? app.keys.signingKey(pool.id, 'id').then((key) => signJwt(custom ? applyClaimChanges(idClaims, custom.id) : idClaims, key))
      : undefined;
  const [AccessToken, IdToken] = await Promise.all([accessToken, idToken]);
  const result: AuthenticationResultType = { AccessToken, ExpiresIn: lifetimes.access, TokenType: 'Bearer' };
  if (IdToken !== undefined) result.IdToken = IdToken;
  if (!options.originJti) {
    const refreshToken = newRefreshToken();
    const stored = await app.store.tokens.createFamily(
      {
        originJti,
        poolId: pool.id,
        clientId: client.clientId,
        username: user.username,
        authTime,
        createdAt: nowMs,
        deviceKey: options.deviceKey,
        ...(oauth ? { scopes: oauth.scopes } : {}),
      },
      {
        tokenHash: hashRefreshToken(refreshToken),
        originJti,
        poolId: pool.id,
        clientId: client.clientId,
        username: user.username,
        createdAt: nowMs,
        expiresAt: nowMs + lifetimes.refresh * 1000,
      },
      user.sub,
    );
    if (!stored) {
      await currentHolder(app, pool, client, user);
      throw unknownUserError(client, 'the user changed before the tokens were issued');
    }
    result.RefreshToken = refreshToken;
  }
  return result;
}

/** Opaque, unguessable, and in Cognito's token alphabet [A-Za-z0-9-_=.]. */
export function newRefreshToken(): string {
  return `${randomBytes(8).toString('base64url')}.${randomBytes(48).toString('base64url')}`;
}

/**
 * The access token of an app client itself (client_credentials): `sub` and `client_id` are the
 * client, `scope` the custom scopes granted, as Cognito's machine-to-machine tokens carry them; a
 * V3_0 PreTokenGeneration function may change its claims and scopes.
 */
export async function issueClientToken(ctx: RequestScope, pool: PoolRecord, client: ClientRecord, granted: string[]): Promise<{ token: string; expiresIn: number }> {
  const { app } = ctx;
  const custom = await preTokenGenerationForClient(ctx, pool, client.clientId, granted);
  const scopes = custom ? [...new Set([...granted, ...custom.access.scopesToAdd])].filter((s) => !custom.access.scopesToSuppress.includes(s)) : granted;
  const iat = Math.floor(app.clock.now() / 1000);
  const expiresIn = tokenLifetimes(client).access;
  const claims = {
    sub: client.clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: await requestIssuer(ctx, pool.id),
    exp: iat + expiresIn,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.clientId,
  };
  const token = await signJwt(custom ? applyClaimChanges(claims, custom.access) : claims, await app.keys.signingKey(pool.id, 'access'));
  return { token, expiresIn };
}
