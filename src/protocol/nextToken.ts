// Opaque pagination tokens (NextToken, PaginationToken). A token names where a listing resumes and
// is bound to what it lists (its scope, such as one pool's clients or one user's passkeys) by an
// HMAC under a key of the server secret, so that an altered, forged or foreign token is refused with
// InvalidParameterException instead of being misread.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ServerSecret } from '../secrets.js';
import { errors, type CognitoError } from './errors.js';

const tag = (secret: ServerSecret, scope: string, payload: string) =>
  createHmac('sha256', secret.key('page tokens')).update(`${scope}\n${payload}`).digest().subarray(0, 16);

export function encodeNextToken(secret: ServerSecret, scope: string, after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  const payload = Buffer.from(after, 'utf8').toString('base64url');
  return `${payload}.${tag(secret, scope, payload).toString('base64url')}`;
}

/**
 * The key to resume after, or undefined for the first page. `invalid` is the operation's refusal.
 */
export function decodeNextToken(
  secret: ServerSecret,
  scope: string,
  token: string | undefined,
  invalid: (detail: string) => CognitoError = errors.invalidNextToken,
): string | undefined {
  if (token === undefined) return undefined;
  const [payload, tagText, extra] = token.split('.');
  const givenTag = Buffer.from(tagText ?? '', 'base64url');
  const expected = tag(secret, scope, payload ?? '');
  if (!payload || extra !== undefined || givenTag.length !== expected.length || !timingSafeEqual(givenTag, expected)) {
    throw invalid('the pagination token failed its HMAC: altered, forged, or of another listing');
  }
  return Buffer.from(payload, 'base64url').toString('utf8');
}
