// User pool groups: Cognito's limits, the GroupType answer, lookups with Cognito's not-found
// answer, page-token scopes, and the group claims of a member's tokens.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { GroupType } from '../protocol/shapes.generated.js';
import type { GroupRecord, PoolRecord, UserRecord } from '../store/records.js';

/** Cognito's quotas ("Quotas in Amazon Cognito", resource quotas): groups per user pool, groups per user. */
export const MAX_GROUPS_PER_POOL = 10_000;
export const MAX_GROUPS_PER_USER = 100;

/** QueryLimitType's maximum, and the page when Limit is absent or 0. */
export const MAX_GROUPS_PAGE = 60;

/**
 * The model's PrecedenceType has only a minimum; its documentation caps it at 2^31-1. Checked as the
 * model's constraints are, before anything is looked up.
 */
const MAX_PRECEDENCE = 2 ** 31 - 1;

export function checkPrecedence(precedence: number | undefined): void {
  if (precedence !== undefined && precedence > MAX_PRECEDENCE) {
    throw errors.validationFailed([
      `Value '${precedence}' at 'precedence' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PRECEDENCE}`,
    ]);
  }
}

export function describeGroup(group: GroupRecord): GroupType {
  return {
    GroupName: group.groupName,
    UserPoolId: group.poolId,
    Description: group.description,
    RoleArn: group.roleArn,
    Precedence: group.precedence,
    LastModifiedDate: new Date(group.updatedAt),
    CreationDate: new Date(group.createdAt),
  };
}

export async function requireGroup(app: App, pool: PoolRecord, groupName: string): Promise<GroupRecord> {
  const group = await app.store.groups.get(pool.id, groupName);
  if (!group) throw errors.groupNotFound(`no group ${groupName} in ${pool.id}`);
  return group;
}

// Page tokens are bound to what they list, down to the creation of the pool, group or user, so a
// token of a deleted and re-created one is refused.
export const groupsPageScope = (pool: PoolRecord): string => `groups\n${pool.id}\n${pool.createdAt}`;
export const membersPageScope = (group: GroupRecord): string => `group members\n${group.poolId}\n${group.groupName}\n${group.createdAt}`;
export const userGroupsPageScope = (user: UserRecord): string => `user groups\n${user.poolId}\n${user.sub}`;

/** Absent precedence ranks after every number. */
const rank = (group: GroupRecord): number => group.precedence ?? Infinity;

export interface GroupClaims {
  /** `cognito:groups`: names by precedence, then by name. */
  groups: string[];
  /** `cognito:roles`: the distinct role ARNs of those groups, in the same order. */
  roles: string[];
  /** `cognito:preferred_role`. */
  preferredRole?: string;
}

/**
 * The claims a member's tokens carry (CreateGroup, "Precedence"): the preferred role is that of the
 * highest-precedence groups with a role; when groups of equal precedence offer different roles,
 * none is preferred.
 */
export function groupClaims(groups: readonly GroupRecord[]): GroupClaims {
  const ordered = [...groups].sort((a, b) => rank(a) - rank(b) || (a.groupName < b.groupName ? -1 : a.groupName > b.groupName ? 1 : 0));
  const withRoles = ordered.filter((g) => g.roleArn !== undefined);
  const roles = [...new Set(withRoles.map((g) => g.roleArn!))];
  const first = withRoles[0];
  const contenders = new Set(withRoles.filter((g) => first && rank(g) === rank(first)).map((g) => g.roleArn!));
  return { groups: ordered.map((g) => g.groupName), roles, preferredRole: contenders.size === 1 ? [...contenders][0] : undefined };
}

/** Every group of the user: one page holds them all, as a user is in at most MAX_GROUPS_PER_USER. */
export async function groupsOfUser(app: App, poolId: string, username: string): Promise<GroupRecord[]> {
  return (await app.store.groups.listForUser(poolId, username, MAX_GROUPS_PER_USER)).items;
}
