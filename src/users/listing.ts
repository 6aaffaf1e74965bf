// ListUsers: Cognito's filter syntax (`attribute = "value"` for an exact match, `attribute ^= "value"`
// for a prefix) on the searchable attributes, and opaque pagination tokens bound to their pool.
import { errors } from '../protocol/errors.js';
import type { PoolRecord } from '../store/records.js';
import { USER_SEARCH_ATTRIBUTES, type UserSearch, type UserSearchAttribute } from '../store/store.js';

/** docs: ListUsers, "Filter": the attributes Cognito can search on. */
const SEARCHABLE = new Set<string>(USER_SEARCH_ATTRIBUTES);

const FILTER = /^\s*"?([\w:]+)"?\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** The search a Filter asks for; undefined for no filter. */
export function parseFilter(filter: string | undefined): UserSearch | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = FILTER.exec(filter);
  if (!match) throw errors.filterNotParsed();
  const [, attribute, operator, quoted] = match;
  if (!SEARCHABLE.has(attribute!)) throw errors.invalidSearchAttribute(attribute);
  return { attribute: attribute as UserSearchAttribute, value: quoted!.replace(/\\(.)/g, '$1'), prefix: operator === '^=' };
}

/** Where ListUsers resumes: bound to the pool (and its creation, so a re-created pool's tokens differ) and to the filter. */
export const usersPageScope = (pool: PoolRecord, search?: UserSearch): string =>
  `users\n${pool.id}\n${pool.createdAt}${search ? `\n${JSON.stringify(search)}` : ''}`;
