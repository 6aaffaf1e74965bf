// Identifiers shaped as Cognito's.
import { randomInt, randomUUID } from 'node:crypto';
import { randomBytes } from './random.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');

/** us-east-1_AbC123xyZ */
export const newPoolId = (region: string): string => `${region}_${pick(ALNUM, 9)}`;
/** 26 lowercase letters and digits, as app client ids are. */
export const newClientId = (): string => pick(LOWER_ALNUM, 26);
/** 51 characters of [a-z0-9], within ClientSecretType (24..64, [\w+]+). */
export const newClientSecret = (): string => pick(LOWER_ALNUM, 51);
export const newSub = (): string => randomUUID();
/** An opaque session string within SessionType (20..2048 characters). */
export const newSessionId = (): string => randomBytes(48).toString('base64url');
/** A six-digit one-time or confirmation code. */
export const newCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

let sequence = 0;

/**
 * An id that sorts by time (`<epoch ms base36>-<sequence>-<random>`), so that newest-first listings
 * of events and outbox messages are one index scan and same-millisecond entries keep their order.
 */
export function newSortableId(now: number): string {
  sequence = (sequence + 1) % 36 ** 5;
  const time = Math.max(0, Math.floor(now)).toString(36).padStart(11, '0');
  return `${time}-${sequence.toString(36).padStart(5, '0')}-${randomBytes(4).toString('hex')}`;
}
