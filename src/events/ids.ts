// Auth event ids sort by time, so the newest-first order and the retention cut are one index scan.
import { randomBytes } from 'node:crypto';

let sequence = 0;

/** `<epoch ms, base36, 11 chars>-<sequence, 5 chars>-<8 random hex>`: later events of a node sort after earlier ones. */
export function newEventId(now: number): string {
  sequence = (sequence + 1) % 36 ** 5;
  const time = Math.max(0, Math.floor(now)).toString(36).padStart(11, '0');
  return `${time}-${sequence.toString(36).padStart(5, '0')}-${randomBytes(4).toString('hex')}`;
}
