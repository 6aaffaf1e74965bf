// The columns of a pool's user import CSV, as GetCSVHeader lists them (Cognito developer guide,
// "Creating the user import CSV file"): the standard attributes in Cognito's order, the pool's
// custom attributes, then cognito:mfa_enabled and cognito:username.
import type { PoolRecord } from '../store/records.js';
import { isDeveloperOnly } from '../pools/defaults.js';

const STANDARD_COLUMNS = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
];

export const MFA_COLUMN = 'cognito:mfa_enabled';
export const USERNAME_COLUMN = 'cognito:username';

export function csvHeader(pool: PoolRecord): string[] {
  const custom = (pool.settings.SchemaAttributes ?? [])
    .map((a) => a.Name!)
    .filter((name) => name.startsWith('custom:') && !isDeveloperOnly(name));
  return [...STANDARD_COLUMNS, ...custom, MFA_COLUMN, USERNAME_COLUMN];
}

/**
 * What is wrong with an uploaded header, or undefined: every column of the pool's header must be
 * there once, and no other (the guide: "All columns in the header must be present").
 */
export function headerProblem(pool: PoolRecord, given: string[]): string | undefined {
  const expected = new Set(csvHeader(pool));
  const seen = new Set<string>();
  for (const column of given) {
    if (!expected.has(column)) return `The CSV header has a column the user pool does not have: ${column}`;
    if (seen.has(column)) return `The CSV header names a column twice: ${column}`;
    seen.add(column);
  }
  const missing = [...expected].filter((column) => !seen.has(column));
  return missing.length ? `The CSV header lacks columns of the user pool: ${missing.join(', ')}` : undefined;
}
