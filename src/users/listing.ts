// ListUsers: Cognito's filter syntax (`attribute = "value"` for an exact match, `attribute ^= "value"`
// for a prefix) on the searchable attributes, and opaque pagination tokens bound to their pool.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidParameter } from '../protocol/errors.js';
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
  if (!match) throw invalidParameter('Error while parsing filter.');
  const [, attribute, operator, quoted] = match;
  const read = SEARCHABLE[attribute!];
  if (!read) throw invalidParameter(`Invalid search attribute: ${attribute}`);
  const value = quoted!.replace(/\\(.)/g, '$1');
  return operator === '='
    ? (user) => read(user) === value
    : (user) => (read(user) ?? '').startsWith(value);
}

// The token names where the next page starts; a MAC over it (keyed by the pool's identity) lets a
// token that was altered, or minted for another pool, be refused rather than followed.
const mac = (pool: PoolRecord, payload: string) =>
  createHmac('sha256', `${pool.id}:${pool.createdAt}`).update(payload).digest().subarray(0, 16);

export function encodePageToken(pool: PoolRecord, after: string): string {
  const payload = Buffer.from(JSON.stringify({ after })).toString('base64url');
  return `${payload}.${mac(pool, payload).toString('base64url')}`;
}

export function decodePageToken(pool: PoolRecord, token: string): string {
  const refused = () => invalidParameter('Invalid pagination token.', 'pagination token failed its check');
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw refused();
  const expected = mac(pool, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  try {
    const { after } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after !== 'string') throw refused();
    return after;
  } catch {
    throw refused();
  }
}
