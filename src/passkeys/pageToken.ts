// ListWebAuthnCredentials pages by position: creation time and id, so that a deletion between pages
// skips nothing. The NextToken carries that position, bound to the pool and user it was issued to.
import { errors } from '../protocol/errors.js';
import { decodeNextToken, encodeNextToken } from '../protocol/nextToken.js';
import type { ServerSecret } from '../secrets.js';

export interface Position {
  createdAt: number;
  credentialId: string;
}

const scope = (poolId: string, username: string) => `webauthn-credentials\n${poolId}\n${username}`;

export function encodePageToken(secret: ServerSecret, poolId: string, username: string, position: Position): string {
  return encodeNextToken(secret, scope(poolId, username), JSON.stringify([position.createdAt, position.credentialId]))!;
}

export function decodePageToken(secret: ServerSecret, poolId: string, username: string, token: string): Position {
  const after = decodeNextToken(secret, scope(poolId, username), token, errors.invalidPasskeyNextToken)!;
  try {
    const [createdAt, credentialId] = JSON.parse(after) as unknown[];
    if (typeof createdAt === 'number' && typeof credentialId === 'string') return { createdAt, credentialId };
  } catch {
    // falls through to the refusal
  }
  throw errors.invalidPasskeyNextToken('NextToken does not hold a position');
}

/** Listing order: creation time, then id by code unit (the same on every store and collation). */
export const comparePositions = (a: Position, b: Position): number =>
  a.createdAt - b.createdAt || (a.credentialId < b.credentialId ? -1 : a.credentialId > b.credentialId ? 1 : 0);

export const isAfter = (p: Position, position: Position): boolean => comparePositions(p, position) > 0;
