import type { GroupRepository, MembershipOutcome, Page } from '../store.js';
import { StoreConflict } from '../store.js';
import type { GroupRecord, UserRecord } from '../records.js';
import type { Row, SqlDriver } from './driver.js';
import { num, optNum, optStr, orNull } from './rows.js';
import { lockPool, lockUser } from './locks.js';
import { page } from './pools.js';
import type { KeptRows } from './memory.js';
import { KEYS_PER_READ, numberedKeys, perCount, rowsByKey, TurnBatches } from './turnBatches.js';
import { toUser } from './users.js';

const toGroup = (r: Row): GroupRecord => ({
  poolId: String(r.pool_id),
  groupName: String(r.group_name),
  description: optStr(r.description),
  roleArn: optStr(r.role_arn),
  precedence: optNum(r.precedence),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

const groupName = (r: Row) => String(r.group_name);

/**
 * One page of memberships, of one group (by username) or of one user (by group name), read from an
 * index range alone: the join that completes the page then looks up only these rows, so a page
 * costs the same at the start of a group of 100,000 members as at its end.
 */
const membershipPage = (fixed: string, ordered: string) =>
  `SELECT pool_id, ${fixed}, ${ordered} FROM group_members
   WHERE pool_id = ? AND ${fixed} = ? AND ${ordered} > ? ORDER BY ${ordered} LIMIT ?`;

/** A user's groups, from their memberships, in the order of the members' index (so that no sort is needed). */
const groupsOfMember = (pool: string, username: string) =>
  `SELECT g.* FROM group_members m JOIN user_groups g ON g.pool_id = m.pool_id AND g.group_name = m.group_name
   WHERE m.pool_id = ${pool} AND m.username = ${username}`;

/** A user's first page of groups (`limit` + 1 read, to tell whether more follow). */
const firstGroupsPage = `${groupsOfMember('?', '?')} ORDER BY m.group_name LIMIT ?`;

/** firstGroupsPage for several users at once (PostgreSQL), each row numbered by its user's place in the VALUES list. */
const firstGroupsPages = perCount((count) => `SELECT k.n AS key_number, g.*
  FROM ${numberedKeys(count, ['pool_id', 'username', 'lim'])}
  CROSS JOIN LATERAL (${groupsOfMember('k.pool_id', 'k.username')} ORDER BY m.group_name LIMIT CAST(k.lim AS INTEGER)) g
  ORDER BY k.n, g.group_name`);

export class SqlGroups implements GroupRepository {
  /** Every sign-in reads its user's groups: one statement for concurrent sign-ins on PostgreSQL. */
  private readonly firstPages: TurnBatches<[string, string, number], Row[]>;

  constructor(
    private readonly db: SqlDriver,
    private readonly kept: KeptRows,
  ) {
    this.firstPages = new TurnBatches(
      db,
      KEYS_PER_READ,
      (key) => db.all(firstGroupsPage, key),
      async (keys) => rowsByKey(keys.length, await db.all(firstGroupsPages(keys.length), keys.flat()), (row) => row),
    );
  }

  async create(g: GroupRecord, maxPerPool: number): Promise<boolean> {
    try {
      return await this.db.transaction(async (tx) => {
        // Concurrent creations in one pool are counted one after another.
        if (!(await lockPool(tx, g.poolId))) return false;
        const count = await tx.get(`SELECT COUNT(*) AS n FROM user_groups WHERE pool_id = ?`, [g.poolId]);
        if (num(count?.n ?? 0) >= maxPerPool) throw new StoreConflict('limit');
        await tx.run(
          `INSERT INTO user_groups (pool_id, group_name, description, role_arn, precedence, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [g.poolId, g.groupName, orNull(g.description), orNull(g.roleArn), orNull(g.precedence), g.createdAt, g.updatedAt],
        );
        return true;
      });
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new StoreConflict('group');
      throw error;
    }
  }

  async get(poolId: string, name: string): Promise<GroupRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM user_groups WHERE pool_id = ? AND group_name = ?`, [poolId, name]);
    return row && toGroup(row);
  }

  async update(g: GroupRecord): Promise<boolean> {
    return (
      (await this.db.run(
        `UPDATE user_groups SET description = ?, role_arn = ?, precedence = ?, updated_at = ? WHERE pool_id = ? AND group_name = ?`,
        [orNull(g.description), orNull(g.roleArn), orNull(g.precedence), g.updatedAt, g.poolId, g.groupName],
      )) > 0
    );
  }

  async delete(poolId: string, name: string): Promise<boolean> {
    return (await this.db.run(`DELETE FROM user_groups WHERE pool_id = ? AND group_name = ?`, [poolId, name])) > 0;
  }

  async list(poolId: string, limit: number, after?: string): Promise<Page<GroupRecord>> {
    const rows = await this.db.all(`SELECT * FROM user_groups WHERE pool_id = ? AND group_name > ? ORDER BY group_name LIMIT ?`, [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return page(rows, limit, toGroup, groupName);
  }

  addMember(poolId: string, name: string, username: string, maxPerUser: number, at: number): Promise<MembershipOutcome> {
    // On PostgreSQL the group row is held against deletion (but not against other members' adds) until the insert commits.
    const holdGroup = this.db.dialect === 'postgres' ? ' FOR KEY SHARE' : '';
    const groupCheck = `SELECT 1 AS found FROM user_groups WHERE pool_id = ? AND group_name = ?${holdGroup}`;
    return this.db.transaction(async (tx) => {
      // One user's concurrent adds are counted one after another.
      if (!(await lockUser(tx, poolId, username))) return 'no-user';
      if (!(await tx.get(groupCheck, [poolId, name]))) return 'no-group';
      const membership = [poolId, name, username];
      if (await tx.get(`SELECT 1 AS found FROM group_members WHERE pool_id = ? AND group_name = ? AND username = ?`, membership)) {
        return 'already-member';
      }
      const count = await tx.get(`SELECT COUNT(*) AS n FROM group_members WHERE pool_id = ? AND username = ?`, [poolId, username]);
      if (num(count?.n ?? 0) >= maxPerUser) throw new StoreConflict('limit');
      await tx.run(`INSERT INTO group_members (pool_id, group_name, username, created_at) VALUES (?, ?, ?, ?)`, [...membership, at]);
      return 'added';
    });
  }

  async removeMember(poolId: string, name: string, username: string): Promise<boolean> {
    return (
      (await this.db.run(`DELETE FROM group_members WHERE pool_id = ? AND group_name = ? AND username = ?`, [poolId, name, username])) > 0
    );
  }

  /** Whether the pool has any group, kept as pools are: a pool without one has no members to look up. */
  private async anyInPool(poolId: string): Promise<boolean> {
    const known = await this.kept.get(`groups of ${poolId}`, async () => ({
      any: (await this.db.get(`SELECT 1 AS found FROM user_groups WHERE pool_id = ? LIMIT 1`, [poolId])) !== undefined,
    }));
    return known!.any;
  }

  async listForUser(poolId: string, username: string, limit: number, after?: string): Promise<Page<GroupRecord>> {
    if (!(await this.anyInPool(poolId))) return { items: [] };
    if (after === undefined) return page(await this.firstPages.get([poolId, username, limit + 1]), limit, toGroup, groupName);
    const rows = await this.db.all(`${groupsOfMember('?', '?')} AND m.group_name > ? ORDER BY m.group_name LIMIT ?`, [
      poolId,
      username,
      after,
      limit + 1,
    ]);
    return page(rows, limit, toGroup, groupName);
  }

  async listMembers(poolId: string, name: string, limit: number, after?: string): Promise<Page<UserRecord>> {
    const rows = await this.db.all(
      `SELECT u.* FROM (${membershipPage('group_name', 'username')}) m
       JOIN users u ON u.pool_id = m.pool_id AND u.username = m.username ORDER BY u.username`,
      [poolId, name, after ?? '', limit + 1],
    );
    return page(rows, limit, toUser, (r) => String(r.username));
  }

  async countMembers(poolId: string, name: string, cap: number): Promise<number> {
    const row = await this.db.get(
      `SELECT COUNT(*) AS n FROM (SELECT 1 FROM group_members WHERE pool_id = ? AND group_name = ? LIMIT ?) capped`,
      [poolId, name, cap],
    );
    return num(row?.n ?? 0);
  }
}
