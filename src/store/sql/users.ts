import { syncIdentities } from './identityProviders.js';
import { SEARCHABLE_USER_ATTRIBUTES, StoreConflict, type Page, type UserRepository, type UserSearch } from '../store.js';
import type { AliasRecord, UserRecord } from '../records.js';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver.js';
import { page } from './pools.js';
import { rowLookups, type TurnBatches } from './turnBatches.js';
import { bool, json, num, orNull, parse } from './rows.js';

export const toUser = (r: Row): UserRecord => ({
  poolId: String(r.pool_id),
  username: String(r.username),
  sub: String(r.sub),
  ...(r.username_folded === null ? {} : { foldedUsername: String(r.username_folded) }),
  status: String(r.status) as UserRecord['status'],
  enabled: num(r.enabled) === 1,
  attributes: parse(r.attributes),
  password: r.password === null ? undefined : parse(r.password),
  preferences: parse(r.preferences),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

/** The index rows ListUsers' filters are served from: one per searchable attribute the user has. */
export async function writeSearchRows(tx: SqlExecutor, user: UserRecord): Promise<void> {
  const values: [string, string | undefined][] = [
    ['username', user.username],
    ['sub', user.sub],
    ['cognito:user_status', user.status],
    ['status', user.enabled ? 'Enabled' : 'Disabled'],
    ...SEARCHABLE_USER_ATTRIBUTES.map((name): [string, string | undefined] => [name, user.attributes[name]]),
  ];
  const rows = values.filter((row): row is [string, string] => row[1] !== undefined);
  const placeholders = rows.map(() => '(?, ?, ?, ?)').join(', ');
  await tx.run(
    `INSERT INTO user_search (pool_id, attribute, value, username) VALUES ${placeholders}`,
    rows.flatMap(([attribute, value]) => [user.poolId, attribute, value, user.username]),
  );
}

/** Email aliases compare case-insensitively, as Cognito's do. */
export const aliasKey = (alias: AliasRecord): string =>
  alias.kind === 'email' ? alias.value.toLowerCase() : alias.value;

export class SqlUsers implements UserRepository {
  /** Nearly every call reads a user: one statement for concurrent calls on PostgreSQL. */
  private readonly byName: TurnBatches<SqlValue[], UserRecord | undefined>;

  constructor(private readonly db: SqlDriver) {
    this.byName = rowLookups(db, 'users', 'username', toUser, 'pool_id');
  }

  private async writeAliases(tx: SqlExecutor, poolId: string, username: string, aliases: AliasRecord[]) {
    await tx.run(`DELETE FROM user_aliases WHERE pool_id = ? AND username = ?`, [poolId, username]);
    for (const alias of aliases) {
      const holder = await tx.get(`SELECT username FROM user_aliases WHERE pool_id = ? AND kind = ? AND value = ?`, [
        poolId,
        alias.kind,
        aliasKey(alias),
      ]);
      if (holder) throw new StoreConflict(`alias:${alias.kind}`);
      // The check above cannot see a concurrent transaction's alias: the primary key decides then.
      await tx
        .run(`INSERT INTO user_aliases (pool_id, kind, value, username) VALUES (?, ?, ?, ?)`, [
          poolId,
          alias.kind,
          aliasKey(alias),
          username,
        ])
        .catch((error: unknown) => {
          throw this.db.isUniqueViolation(error) ? new StoreConflict(`alias:${alias.kind}`) : error;
        });
    }
  }

  private conflictOf(error: unknown, fallback: string): unknown {
    if (error instanceof StoreConflict) return error;
    if (this.db.isUniqueViolation(error)) {
      const text = String((error as Error).message);
      return new StoreConflict(text.includes('user_aliases') ? 'alias' : fallback);
    }
    return error;
  }

  async create(user: UserRecord, aliases: AliasRecord[]): Promise<void> {
    try {
      await this.db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO users (pool_id, username, username_folded, sub, status, enabled, attributes, password, preferences, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            user.poolId,
            user.username,
            orNull(user.foldedUsername),
            user.sub,
            user.status,
            bool(user.enabled),
            json(user.attributes),
            user.password ? json(user.password) : null,
            json(user.preferences),
            user.createdAt,
            user.updatedAt,
          ],
        );
        await this.writeAliases(tx, user.poolId, user.username, aliases);
        await writeSearchRows(tx, user);
      });
    } catch (error) {
      throw this.conflictOf(error, 'username');
    }
  }

  get(poolId: string, username: string): Promise<UserRecord | undefined> {
    return this.byName.get([poolId, username]);
  }

  async findByFoldedUsername(poolId: string, folded: string): Promise<UserRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM users WHERE pool_id = ? AND username_folded = ?`, [poolId, folded]);
    return row && toUser(row);
  }

  async getBySub(poolId: string, sub: string): Promise<UserRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM users WHERE pool_id = ? AND sub = ?`, [poolId, sub]);
    return row && toUser(row);
  }

  async findByAlias(poolId: string, alias: AliasRecord): Promise<UserRecord | undefined> {
    const row = await this.db.get(
      `SELECT u.* FROM user_aliases a JOIN users u ON u.pool_id = a.pool_id AND u.username = a.username
       WHERE a.pool_id = ? AND a.kind = ? AND a.value = ?`,
      [poolId, alias.kind, aliasKey(alias)],
    );
    return row && toUser(row);
  }

  async aliasesOf(poolId: string, username: string): Promise<AliasRecord[]> {
    const rows = await this.db.all(`SELECT kind, value FROM user_aliases WHERE pool_id = ? AND username = ? ORDER BY kind`, [
      poolId,
      username,
    ]);
    return rows.map((r) => ({ kind: String(r.kind) as AliasRecord['kind'], value: String(r.value) }));
  }

  async update(user: UserRecord, aliases?: AliasRecord[]): Promise<boolean> {
    try {
      return await this.db.transaction(async (tx) => {
        const changed = await tx.run(
          `UPDATE users SET status = ?, enabled = ?, attributes = ?, password = ?, preferences = ?, updated_at = ?
           WHERE pool_id = ? AND username = ?`,
          [
            user.status,
            bool(user.enabled),
            json(user.attributes),
            user.password ? json(user.password) : null,
            json(user.preferences),
            user.updatedAt,
            user.poolId,
            user.username,
          ],
        );
        if (changed === 0) return false;
        // The user's `identities` are their links' (a link made since the caller read the user stays).
        await syncIdentities(tx, user.poolId, user.username, user.attributes);
        if (aliases) await this.writeAliases(tx, user.poolId, user.username, aliases);
        await tx.run(`DELETE FROM user_search WHERE pool_id = ? AND username = ?`, [user.poolId, user.username]);
        await writeSearchRows(tx, user);
        return true;
      });
    } catch (error) {
      throw this.conflictOf(error, 'alias');
    }
  }

  async search(poolId: string, search: UserSearch, limit: number, after?: string): Promise<Page<UserRecord>> {
    const [afterValue, afterUsername] = after === undefined ? [search.value, ''] : (JSON.parse(after) as [string, string]);
    const select = `SELECT u.*, s.value AS search_value FROM user_search s JOIN users u ON u.pool_id = s.pool_id AND u.username = s.username`;
    const rows = search.prefix
      ? await this.db.all(
          // The range starts where the last page ended and stays inside the prefix; substr makes the match exact.
          `${select} WHERE s.pool_id = ? AND s.attribute = ? AND s.value >= ? AND s.value < ? AND substr(s.value, 1, ?) = ?
             AND (s.value > ? OR s.username > ?)
           ORDER BY s.value, s.username LIMIT ?`,
          [poolId, search.attribute, afterValue, `${search.value}\u{10FFFF}`, [...search.value].length, search.value, afterValue, afterUsername, limit + 1],
        )
      : await this.db.all(
          `${select} WHERE s.pool_id = ? AND s.attribute = ? AND s.value = ? AND s.username > ? ORDER BY s.username LIMIT ?`,
          [poolId, search.attribute, search.value, afterUsername, limit + 1],
        );
    return page(rows, limit, toUser, (r) => JSON.stringify([String(r.search_value), String(r.username)]));
  }

  async delete(poolId: string, username: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.run(`DELETE FROM auth_sessions WHERE pool_id = ? AND username = ?`, [poolId, username]);
      return (await tx.run(`DELETE FROM users WHERE pool_id = ? AND username = ?`, [poolId, username])) > 0;
    });
  }

  async list(poolId: string, limit: number, after?: string): Promise<Page<UserRecord>> {
    const rows = await this.db.all(`SELECT * FROM users WHERE pool_id = ? AND username > ? ORDER BY username LIMIT ?`, [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    return { items: kept.map(toUser), next: more ? String(kept[kept.length - 1]!.username) : undefined };
  }
}
