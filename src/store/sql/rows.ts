// Conversions between rows and records shared by the SQL repositories.
import type { SqlValue } from './driver.js';

export const json = (value: unknown): string => JSON.stringify(value);
export const parse = <T>(value: SqlValue): T => JSON.parse(String(value)) as T;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

const SHARED_LIMIT = 1000;
const shared = new Map<string, unknown>();

/**
 * `parse` for settings read on every request (a pool's or an app client's, several KB of JSON): the
 * parsed value of each distinct text is kept, frozen, and shared by every record read with that
 * text. Records are still read from the database each time; only the parsing is saved.
 */
export const parseShared = <T>(value: SqlValue): T => {
  const text = String(value);
  let parsed = shared.get(text);
  if (parsed === undefined) {
    if (shared.size >= SHARED_LIMIT) shared.clear();
    parsed = deepFreeze(JSON.parse(text));
    shared.set(text, parsed);
  }
  return parsed as T;
};
export const bool = (value: boolean): number => (value ? 1 : 0);
export const num = (value: SqlValue): number => Number(value);
export const optNum = (value: SqlValue): number | undefined => (value === null ? undefined : Number(value));
export const optStr = (value: SqlValue): string | undefined => (value === null ? undefined : String(value));
export const orNull = (value: string | number | undefined): SqlValue => value ?? null;
