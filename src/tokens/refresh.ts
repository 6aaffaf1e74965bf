// Renewing tokens from a refresh token (REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken): the token
// must be one this client was given, unexpired, of a sign-in not revoked, for a user who may still
// sign in. The new access and ID tokens keep the sign-in's origin_jti and auth_time. With rotation
// (GetTokensFromRefreshToken only) a new refresh token replaces the old, which stays usable for the
// client's RetryGracePeriodSeconds and is refused with RefreshTokenReuseException after that.
import type { AuthenticationResultType } from '../protocol/shapes.generated.js';
import type { App, RequestScope } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { ClientRecord, PoolRecord, RefreshTokenRecord, TokenFamilyRecord, UserRecord } from '../store/records.js';
import { hashRefreshToken, issueTokens, newRefreshToken } from './issue.js';

export interface RefreshGrant {
  refresh: RefreshTokenRecord;
  family: TokenFamilyRecord;
  user: UserRecord;
}

/**
 * The sign-in a refresh token belongs to, refused with Cognito's messages when it may not be used.
 * The refresh token of a sign-in whose device was confirmed must come with that device's key
 * (DEVICE_KEY, DeviceKey), as Cognito requires; without it, or with another, it is an invalid token.
 */
export async function redeemableRefreshToken(
  app: App,
  pool: PoolRecord,
  client: ClientRecord,
  token: string,
  deviceKey: string | undefined,
): Promise<RefreshGrant> {
  const { store, clock } = app;
  const refresh = await store.tokens.getRefresh(hashRefreshToken(token));
  if (!refresh) throw errors.invalidRefreshToken('unknown refresh token');
  if (refresh.poolId !== pool.id || refresh.clientId !== client.clientId) {
    throw errors.invalidRefreshToken(`refresh token belongs to client ${refresh.clientId}`);
  }
  const family = await store.tokens.getFamily(refresh.originJti);
  if (!family || family.revokedAt !== undefined) throw errors.refreshTokenRevoked();
  if (clock.now() >= refresh.expiresAt) throw errors.refreshTokenExpired();
  if (refresh.graceUntil !== undefined && clock.now() >= refresh.graceUntil) {
    throw errors.refreshTokenReused('refresh token was rotated and its grace period is over');
  }
  const user = await store.users.get(pool.id, family.username);
  if (!user) throw errors.refreshTokenRevoked('the user of the refresh token no longer exists');
  if (!user.enabled) throw errors.userDisabled();
  if (family.deviceKey !== undefined && deviceKey !== family.deviceKey && (await app.store.devices.get(pool.id, user.username, family.deviceKey))) {
    throw errors.invalidRefreshToken(deviceKey === undefined ? 'the sign-in has a confirmed device; DEVICE_KEY is required' : 'DEVICE_KEY is not the device of the sign-in');
  }
  return { refresh, family, user };
}

export const rotationEnabled = (client: ClientRecord): boolean => client.settings.RefreshTokenRotation?.Feature === 'ENABLED';

/** New access and ID tokens of the same sign-in; with `rotation`, and rotation on, a new refresh token too. */
export async function renewTokens(
  ctx: RequestScope,
  pool: PoolRecord,
  client: ClientRecord,
  grant: RefreshGrant,
  rotation: boolean,
): Promise<AuthenticationResultType> {
  const { app } = ctx;
  const { family, refresh, user } = grant;
  const result = await issueTokens(ctx, pool, client, user, {
    authTime: family.authTime,
    originJti: family.originJti,
    deviceKey: family.deviceKey,
    source: 'TokenGeneration_RefreshTokens',
    ...(family.scopes ? { oauth: { scopes: family.scopes } } : {}),
  });
  if (!rotation || !rotationEnabled(client)) return result;

  const now = app.clock.now();
  const token = newRefreshToken();
  // The new refresh token lives for what remained of the one it replaces (developer guide, "Refresh token rotation").
  const next: RefreshTokenRecord = { ...refresh, tokenHash: hashRefreshToken(token), createdAt: now, rotatedAt: undefined, graceUntil: undefined };
  const graceUntil = now + (client.settings.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
  const rotated = refresh.rotatedAt === undefined && (await app.store.tokens.rotateRefresh(refresh.tokenHash, next, now, graceUntil));
  if (!rotated) {
    // Rotated already (a retry, or a concurrent request that won): within the grace period the retry
    // gets a refresh token of its own; after it, the old token is spent.
    const current = await app.store.tokens.getRefresh(refresh.tokenHash);
    if (!current || current.graceUntil === undefined || now >= current.graceUntil) {
      throw errors.refreshTokenReused('refresh token was rotated by another request');
    }
    await app.store.tokens.addRefresh(next);
  }
  return { ...result, RefreshToken: token };
}
