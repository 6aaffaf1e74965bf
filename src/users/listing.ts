// ListUsers: Cognito's filter syntax (`attribute = "value"` for an exact match, `attribute ^= "value"`
// for a prefix) on the searchable attributes, and opaque pagination tokens bound to their pool.
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';

/** docs: ListUsers, "Filter": the attributes Cognito can search on. */
const SEARCHABLE: Record<string, (user: UserRecord) => string | undefined> = {
  username: (u) => u.username,
  email: (u) => u.attributes.email,
  phone_number: (u) => u.attributes.phone_number,
  name: (u) => u.attributes.name,
  given_name: (u) => u.attributes.given_name,
  family_name: (u) => u.attributes.family_name,
  preferred_username: (u) => u.attributes.preferred_username,
  'cognito:user_status': (u) => u.status,
  status: (u) => (u.enabled ? 'Enabled' : 'Disabled'),
  sub: (u) => u.sub,
};

const FILTER = /^\s*"?([\w:]+)"?\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

export type UserFilter = (user: UserRecord) => boolean;

export function parseFilter(filter: string | undefined): UserFilter {
  if (filter === undefined || filter.trim() === '') return () => true;
  const match = FILTER.exec(filter);
  if (!match) throw errors.filterNotParsed();
  const [, attribute, operator, quoted] = match;
  const read = SEARCHABLE[attribute!];
  if (!read) throw errors.invalidSearchAttribute(attribute);
  const value = quoted!.replace(/\\(.)/g, '$1');
  return operator === '='
    ? (user) => read(user) === value
    : (user) => (read(user) ?? '').startsWith(value);
}

/** Where ListUsers resumes: bound to the pool (and its creation, so a re-created pool's tokens differ). */
export const usersPageScope = (pool: PoolRecord): string => `users\n${pool.id}\n${pool.createdAt}`;
