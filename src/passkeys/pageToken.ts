// ListWebAuthnCredentials' NextToken: opaque to clients and tamper-evident. It carries the position
// after the last credential listed (creation time and id, so a deletion between pages skips nothing)
// and a digest that binds it to the pool and user it was issued to: an edited or foreign token is
// refused rather than silently read.
import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidParameter } from '../protocol/errors.js';

export interface Position {
  createdAt: number;
  credentialId: string;
}

const digest = (owner: string, payload: string) =>
  createHash('sha256').update(`keypool/webauthn-credentials-page\n${owner}\n${payload}`).digest().subarray(0, 16);

const ownerOf = (poolId: string, username: string) => `${poolId}\n${username}`;

export function encodePageToken(poolId: string, username: string, position: Position): string {
  const payload = Buffer.from(JSON.stringify([position.createdAt, position.credentialId])).toString('base64url');
  return `${payload}.${digest(ownerOf(poolId, username), payload).toString('base64url')}`;
}

export function decodePageToken(poolId: string, username: string, token: string): Position {
  const invalid = () => invalidParameter('Invalid NextToken.', 'NextToken failed its integrity check');
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) throw invalid();
  const expected = digest(ownerOf(poolId, username), payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  try {
    const [createdAt, credentialId] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'number' && typeof credentialId === 'string') return { createdAt, credentialId };
  } catch {
    // falls through to the refusal
  }
  throw invalid();
}

/** Listing order: creation time, then id by code unit (the same on every store and collation). */
export const comparePositions = (a: Position, b: Position): number =>
  a.createdAt - b.createdAt || (a.credentialId < b.credentialId ? -1 : a.credentialId > b.credentialId ? 1 : 0);

export const isAfter = (p: Position, position: Position): boolean => comparePositions(p, position) > 0;
