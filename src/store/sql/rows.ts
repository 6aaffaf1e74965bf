// Conversions between rows and records shared by the SQL repositories.
import type { SqlValue } from './driver.js';

export const json = (value: unknown): string => JSON.stringify(value);
export const parse = <T>(value: SqlValue): T => JSON.parse(String(value)) as T;
export const bool = (value: boolean): number => (value ? 1 : 0);
export const num = (value: SqlValue): number => Number(value);
export const optNum = (value: SqlValue): number | undefined => (value === null ? undefined : Number(value));
export const optStr = (value: SqlValue): string | undefined => (value === null ? undefined : String(value));
export const orNull = (value: string | number | undefined): SqlValue => value ?? null;
