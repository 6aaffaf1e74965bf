// Opaque NextToken values. A token names where a listing resumes and what it lists (its scope, such
// as one pool's clients), with a checksum, so that an altered or foreign token is refused with
// InvalidParameterException instead of being misread.
import { createHash } from 'node:crypto';
import { invalidParameter } from './errors.js';

const checksum = (scope: string, after: string) =>
  createHash('sha256').update(`${scope}\n${after}`).digest('base64url').slice(0, 16);

export function encodeNextToken(scope: string, after: string | undefined): string | undefined {
  if (after === undefined) return undefined;
  return `${Buffer.from(after, 'utf8').toString('base64url')}.${checksum(scope, after)}`;
}

/** The key to resume after, or undefined for the first page. */
export function decodeNextToken(scope: string, token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const [encoded, sum, extra] = token.split('.');
  const after = encoded === undefined ? '' : Buffer.from(encoded, 'base64url').toString('utf8');
  if (extra !== undefined || !after || sum !== checksum(scope, after)) {
    throw invalidParameter('The NextToken is not valid.', 'NextToken failed its checksum or belongs to another listing');
  }
  return after;
}
