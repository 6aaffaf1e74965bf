import type { ConsumeOutcome, SessionRepository, TokenRepository } from '../store.js';
import type { AuthSessionRecord, RefreshTokenRecord, StoredAuthSession, TokenFamilyRecord, UserRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { InsertBatches, KEYS_PER_READ, keysIn, numberedKeys, perCount, poolKeysIn, rowsByKey, TurnBatches } from './turnBatches.js';
import { SingleUse } from './singleUse.js';
import { json, num, optNum, optStr, orNull, parse } from './rows.js';
import { toUser } from './users.js';

const toFamily = (r: Row): TokenFamilyRecord => ({
  originJti: String(r.origin_jti),
  poolId: String(r.pool_id),
  clientId: String(r.client_id),
  username: String(r.username),
  authTime: num(r.auth_time),
  createdAt: num(r.created_at),
  revokedAt: optNum(r.revoked_at),
  deviceKey: optStr(r.device_key),
  ...(r.scopes === null || r.scopes === undefined ? {} : { scopes: String(r.scopes).split(' ').filter(Boolean) }),
});

const FAMILY_COLUMNS = ['origin_jti', 'pool_id', 'client_id', 'username', 'auth_time', 'created_at', 'revoked_at', 'device_key', 'scopes'];
/** A family's columns beside a user's, renamed family_<column> so that none takes the place of the user's own. */
const FAMILY_BESIDE_USER = `SELECT u.*, ${FAMILY_COLUMNS.map((c) => `f.${c} AS family_${c}`).join(', ')}
  FROM (SELECT 1 AS probe) AS one
  LEFT JOIN token_families f ON f.origin_jti = ?
  LEFT JOIN users u ON u.pool_id = ? AND u.username = ?`;

/** FAMILY_BESIDE_USER for several sign-ins of one pool at once (PostgreSQL), each row numbered by its place in the VALUES list. */
const familiesBesideUsers = perCount((count) => `SELECT k.n AS key_number, u.*, ${FAMILY_COLUMNS.map((c) => `f.${c} AS family_${c}`).join(', ')}
  FROM ${numberedKeys(count, ['origin_jti', 'username'])}
  LEFT JOIN token_families f ON f.origin_jti = k.origin_jti AND ${keysIn('f.origin_jti', count)}
  LEFT JOIN users u ON u.username = k.username AND ${poolKeysIn('u.pool_id', 'u.username', count)}`);

const toFamilyAndUser = (row: Row): { family?: TokenFamilyRecord; user?: UserRecord } => ({
  family: row.family_origin_jti === null ? undefined : toFamily(Object.fromEntries(FAMILY_COLUMNS.map((c) => [c, row[`family_${c}`]!]))),
  user: row.username === null ? undefined : toUser(row),
});

const toRefresh = (r: Row): RefreshTokenRecord => ({
  tokenHash: String(r.token_hash),
  originJti: String(r.origin_jti),
  poolId: String(r.pool_id),
  clientId: String(r.client_id),
  username: String(r.username),
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  rotatedAt: optNum(r.rotated_at),
  graceUntil: optNum(r.grace_until),
});

const toSession = (r: Row): StoredAuthSession => ({
  id: String(r.id),
  poolId: String(r.pool_id),
  clientId: String(r.client_id),
  username: String(r.username),
  challengeName: String(r.challenge_name),
  data: parse(r.data),
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  consumedAt: optNum(r.consumed_at),
});

/** The condition on which a sign-in is stored: its user is still the same one (by sub) and enabled. */
const stillHeldBy = (pool: string, username: string, sub: string) =>
  `EXISTS (SELECT 1 FROM users u WHERE u.pool_id = ${pool} AND u.username = ${username} AND u.sub = ${sub} AND u.enabled = 1)`;

/** A sign-in inserted only while stillHeldBy its user. */
const insertFamilyForHolder = `INSERT INTO token_families (${FAMILY_COLUMNS.join(', ')})
  SELECT ${FAMILY_COLUMNS.map(() => '?').join(', ')}
  WHERE ${stillHeldBy('?', '?', '?')}`;
const REFRESH_COLUMNS = '(token_hash, origin_jti, pool_id, client_id, username, created_at, expires_at, rotated_at, grace_until)';
/** insertFamilyForHolder and insertRefresh for each of `count` sign-ins (PostgreSQL), returning the refresh tokens stored. */
const insertFamiliesForHolders = perCount((count) => {
  const refreshColumns = ['token_hash', 'r_origin_jti', 'r_pool_id', 'r_client_id', 'r_username', 'r_created_at', 'expires_at', 'rotated_at', 'grace_until'];
  const bigint = (column: string) => `CAST(${column} AS BIGINT)`;
  return `WITH k AS (SELECT * FROM ${numberedKeys(count, [...FAMILY_COLUMNS, 'holder_sub', ...refreshColumns])}),
  family AS (
    INSERT INTO token_families (${FAMILY_COLUMNS.join(', ')})
    SELECT origin_jti, pool_id, client_id, username, ${bigint('auth_time')}, ${bigint('created_at')}, ${bigint('revoked_at')}, device_key, scopes FROM k
    WHERE ${stillHeldBy('k.pool_id', 'k.username', 'k.holder_sub')}
    RETURNING origin_jti)
  INSERT INTO refresh_tokens ${REFRESH_COLUMNS}
  SELECT token_hash, r_origin_jti, r_pool_id, r_client_id, r_username, ${bigint('r_created_at')}, ${bigint('expires_at')}, ${bigint('rotated_at')}, ${bigint('grace_until')}
  FROM k JOIN family f ON f.origin_jti = k.origin_jti
  RETURNING token_hash`;
});
const insertRefresh = `INSERT INTO refresh_tokens ${REFRESH_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** insertRefresh for each row of `source`: none when it has none. */
const insertRefreshOf = (source: string) => `INSERT INTO refresh_tokens ${REFRESH_COLUMNS} SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM ${source}`;
const refreshParams = (t: RefreshTokenRecord) => [
  t.tokenHash,
  t.originJti,
  t.poolId,
  t.clientId,
  t.username,
  t.createdAt,
  t.expiresAt,
  orNull(t.rotatedAt),
  orNull(t.graceUntil),
];

const familyValues = (f: TokenFamilyRecord) => [
  f.originJti,
  f.poolId,
  f.clientId,
  f.username,
  f.authTime,
  f.createdAt,
  orNull(f.revokedAt),
  orNull(f.deviceKey),
  f.scopes ? f.scopes.join(' ') : null,
];

/** A sign-in's token family, its first refresh token, and the sub of the user it must still belong to. */
type NewFamily = [TokenFamilyRecord, RefreshTokenRecord, string];

export class SqlTokens implements TokenRepository {
  /** Every call authorized by an access token reads its sign-in and user: one statement for concurrent calls on PostgreSQL. */
  private readonly familiesAndUsers: TurnBatches<[string, string, string], { family?: TokenFamilyRecord; user?: UserRecord }>;
  /** Every sign-in stores a token family: one statement for concurrent sign-ins on PostgreSQL. */
  private readonly newFamilies: TurnBatches<NewFamily, boolean>;

  constructor(private readonly db: SqlDriver) {
    this.newFamilies = new TurnBatches(db, KEYS_PER_READ, (family) => this.createFamilyAlone(family), (families) => this.createFamiliesTogether(families));
    this.familiesAndUsers = new TurnBatches(
      db,
      KEYS_PER_READ,
      async (key) => toFamilyAndUser((await db.get(FAMILY_BESIDE_USER, key))!),
      async (keys) => {
        const rows = await db.all(familiesBesideUsers(keys.length), [
          ...keys.flatMap(([originJti, , username]) => [originJti, username]),
          ...keys.map(([originJti]) => originJti),
          keys[0]![1],
          ...keys.map(([, , username]) => username),
        ]);
        return rowsByKey(keys.length, rows, toFamilyAndUser).map(([answer]) => answer!);
      },
      ([, poolId]) => poolId,
    );
  }

  createFamily(family: TokenFamilyRecord, refresh: RefreshTokenRecord, holderSub: string): Promise<boolean> {
    return this.newFamilies.get([family, refresh, holderSub]);
  }

  private async createFamilyAlone([f, refresh, holderSub]: NewFamily): Promise<boolean> {
    const familyParams = [...familyValues(f), f.poolId, f.username, holderSub];
    if (this.db.dialect === 'postgres') {
      // One statement, so one round trip, and as atomic as the transaction below (the refresh
      // token's foreign key is checked at the end of the statement, when its family is there).
      const stored = await this.db.run(`WITH family AS (${insertFamilyForHolder} RETURNING origin_jti) ${insertRefreshOf('family')}`, [
        ...familyParams,
        ...refreshParams(refresh),
      ]);
      return stored > 0;
    }
    return this.db.transaction(async (tx) => {
      if ((await tx.run(insertFamilyForHolder, familyParams)) === 0) return false;
      await tx.run(insertRefresh, refreshParams(refresh));
      return true;
    });
  }

  /** createFamilyAlone for several sign-ins in one statement (PostgreSQL): each says whether its family was stored. */
  private async createFamiliesTogether(families: NewFamily[]): Promise<boolean[]> {
    const params = families.flatMap(([f, refresh, holderSub]) => [...familyValues(f), holderSub, ...refreshParams(refresh)]);
    const rows = await this.db.all(insertFamiliesForHolders(families.length), params);
    const stored = new Set(rows.map((row) => String(row.token_hash)));
    return families.map(([, refresh]) => stored.has(refresh.tokenHash));
  }

  async getFamily(originJti: string): Promise<TokenFamilyRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM token_families WHERE origin_jti = ?`, [originJti]);
    return row && toFamily(row);
  }

  getFamilyAndUser(originJti: string, poolId: string, username: string): Promise<{ family?: TokenFamilyRecord; user?: UserRecord }> {
    return this.familiesAndUsers.get([originJti, poolId, username]);
  }

  async revokeFamily(originJti: string, at: number): Promise<boolean> {
    return (
      (await this.db.run(`UPDATE token_families SET revoked_at = ? WHERE origin_jti = ? AND revoked_at IS NULL`, [
        at,
        originJti,
      ])) > 0
    );
  }

  async revokeUser(poolId: string, username: string, at: number): Promise<void> {
    await this.db.run(
      `UPDATE token_families SET revoked_at = ? WHERE pool_id = ? AND username = ? AND revoked_at IS NULL`,
      [at, poolId, username],
    );
  }

  async getRefresh(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM refresh_tokens WHERE token_hash = ?`, [tokenHash]);
    return row && toRefresh(row);
  }

  async addRefresh(refresh: RefreshTokenRecord): Promise<void> {
    await this.db.run(insertRefresh, refreshParams(refresh));
  }

  async rotateRefresh(oldHash: string, next: RefreshTokenRecord, at: number, graceUntil: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        `UPDATE refresh_tokens SET rotated_at = ?, grace_until = ? WHERE token_hash = ? AND rotated_at IS NULL`,
        [at, graceUntil, oldHash],
      );
      if (changed === 0) return false;
      await tx.run(insertRefresh, refreshParams(next));
      return true;
    });
  }
}

export class SqlSessions implements SessionRepository {
  private readonly inserts: InsertBatches;
  private readonly singleUse: SingleUse<StoredAuthSession>;

  constructor(private readonly db: SqlDriver) {
    this.singleUse = new SingleUse(db, 'auth_sessions', 'id', toSession);
    this.inserts = new InsertBatches(db, 'auth_sessions', [
      'id', 'pool_id', 'client_id', 'username', 'challenge_name', 'data', 'created_at', 'expires_at', 'consumed_at',
    ]);
  }

  create(s: AuthSessionRecord): Promise<void> {
    return this.inserts.add([s.id, s.poolId, s.clientId, s.username, s.challengeName, json(s.data), s.createdAt, s.expiresAt, orNull(s.consumedAt)]);
  }

  consume(id: string, at: number): Promise<ConsumeOutcome<StoredAuthSession>> {
    return this.singleUse.consume(id, at);
  }

  async get(id: string): Promise<StoredAuthSession | undefined> {
    const row = await this.db.get(`SELECT * FROM auth_sessions WHERE id = ?`, [id]);
    return row && toSession(row);
  }

  async release(id: string, consumedAt: number): Promise<boolean> {
    return (await this.db.run(`UPDATE auth_sessions SET consumed_at = NULL WHERE id = ? AND consumed_at = ?`, [id, consumedAt])) > 0;
  }
}
