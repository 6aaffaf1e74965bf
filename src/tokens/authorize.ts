// Authorizing a request by its access token alone, as Cognito's token-authorized operations do
// (GetUser, ChangePassword, StartWebAuthnRegistration, ...): a valid RS256 signature by the pool's
// access key, not expired, not revoked, carrying aws.cognito.signin.user.admin, for a user who
// still exists and is enabled.
import { decodeJwt, decodeProtectedHeader, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { App, RequestSubject } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { ADMIN_SCOPE } from './issue.js';

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  client_id: string;
  origin_jti: string;
  token_use: string;
  scope: string;
  username: string;
  auth_time: number;
  /** The device of the sign-in, in pools that track devices. */
  device_key?: string;
}

export interface Authorized {
  pool: PoolRecord;
  user: UserRecord;
  clientId: string;
  claims: AccessTokenClaims;
  /** What the request turns out to concern: the token's pool, client and user. */
  subject: RequestSubject;
}

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/** A token whose signature was checked before is known by its bytes; a stranger is decoded and verified with jose. */
async function verifiedAccessToken(app: App, token: string): Promise<{ poolId: string; pool: PoolRecord; claims: AccessTokenClaims }> {
  const now = app.clock.now();
  const checked = app.keys.checkedAccessTokens.get(token, now);
  if (checked) {
    const [pool, key] = await Promise.all([app.store.pools.get(checked.poolId), app.keys.verificationKey(checked.poolId, checked.kid)]);
    if (pool && key?.key === checked.key) return { poolId: checked.poolId, pool, claims: checked.claims };
  }
  let header: { kid?: string; alg?: string };
  let unverified: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    unverified = decodeJwt(token);
  } catch {
    throw errors.invalidAccessToken('access token is not a JWT');
  }
  const poolId = typeof unverified.iss === 'string' ? unverified.iss.slice(unverified.iss.lastIndexOf('/') + 1) : '';
  if (!POOL_ID.test(poolId) || header.alg !== 'RS256' || !header.kid) {
    throw errors.invalidAccessToken('access token has no keypool issuer, RS256 alg or kid');
  }
  const pool = await app.store.pools.get(poolId);
  if (!pool) throw errors.invalidAccessToken(`pool ${poolId} of the access token does not exist`);
  const key = await app.keys.verificationKey(poolId, header.kid);
  if (!key || key.use !== 'access') throw errors.invalidAccessToken('access token kid is not an access key of its pool');

  let claims: AccessTokenClaims;
  try {
    const verified = await jwtVerify(token, key.key, {
      algorithms: ['RS256'],
      issuer: unverified.iss,
      currentDate: new Date(now),
      clockTolerance: 0,
    });
    claims = Object.freeze(verified.payload) as AccessTokenClaims;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw errors.accessTokenExpired();
    throw errors.invalidAccessToken(`access token failed verification: ${(error as Error).name}`);
  }
  app.keys.checkedAccessTokens.remember(token, { poolId, kid: header.kid, key: key.key, claims });
  return { poolId, pool, claims };
}

/** Authorizes by an access token that carries `requiredScope` (the API's operations: aws.cognito.signin.user.admin). */
export async function authorizeAccessToken(app: App, token: string, requiredScope = ADMIN_SCOPE): Promise<Authorized> {
  const { poolId, pool, claims } = await verifiedAccessToken(app, token);
  if (claims.token_use !== 'access') throw errors.invalidAccessToken('token_use is not access');
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(requiredScope)) {
    throw errors.accessTokenScope();
  }
  // One statement for both; the family is judged first.
  const { family, user } = await app.store.tokens.getFamilyAndUser(String(claims.origin_jti), poolId, String(claims.username));
  if (!family || family.revokedAt !== undefined || family.poolId !== poolId) throw errors.accessTokenRevoked();
  if (!user || user.sub !== claims.sub) throw errors.accessTokenRevoked('the user of the access token no longer exists');
  if (!user.enabled) throw errors.userDisabled();
  const subject = { pool: poolId, client: claims.client_id, user: user.username };
  return { pool, user, clientId: claims.client_id, claims, subject };
}
