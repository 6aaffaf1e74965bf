// Opaque pagination tokens (NextToken, PaginationToken). A token names where a listing resumes and
// what it lists (its scope, such as one pool's clients or one user's passkeys), with a checksum, so
// that an altered or foreign token is refused with InvalidParameterException instead of being misread.
import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidParameter } from './errors.js';

const checksum = (scope: string, payload: string) =>
  createHash('sha256').update(`${scope}\n${payload}`).digest().subarray(0, 16);

export function encodeNextToken(scope: string, after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  const payload = Buffer.from(after, 'utf8').toString('base64url');
  return `${payload}.${checksum(scope, payload).toString('base64url')}`;
}

/**
 * The key to resume after, or undefined for the first page. `message` is the operation's wording of
 * the refusal.
 */
export function decodeNextToken(scope: string, token: string | undefined, message = 'The NextToken is not valid.'): string | undefined {
  if (token === undefined) return undefined;
  const [payload, sum, extra] = token.split('.');
  const given = Buffer.from(sum ?? '', 'base64url');
  const expected = checksum(scope, payload ?? '');
  if (!payload || extra !== undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidParameter(message, 'the pagination token failed its checksum or belongs to another listing');
  }
  return Buffer.from(payload, 'base64url').toString('utf8');
}
