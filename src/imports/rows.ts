// One CSV row made into a user, with the checks the Cognito developer guide lists for import files
// ("Formatting the CSV file"): cognito:username and cognito:mfa_enabled given; email_verified and
// phone_number_verified true or false; at least one of the pool's auto-verified attributes given
// and verified (the user resets their password through it); the attributes as AdminCreateUser
// checks them. The user is RESET_REQUIRED, with no password.
import { CognitoError } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import type { ImportedUser } from '../store/store.js';
import { newUsername } from '../users/accounts.js';
import { aliasesFor, foldUsername, usernamesIgnoreCase } from '../users/attributes.js';
import { checkAttributes } from '../users/schema.js';
import { MFA_COLUMN, USERNAME_COLUMN } from './header.js';

/** Why a row was refused: the line of the job's log. */
export class RowRefused extends Error {}

const BOOLEAN = /^(true|false)$/i;

export function userFromRow(pool: PoolRecord, header: string[], line: number, fields: string[], now: number): ImportedUser {
  if (fields.length !== header.length) {
    throw new RowRefused(`The row has ${fields.length} fields where the header has ${header.length}.`);
  }
  const values: Record<string, string> = {};
  header.forEach((column, i) => {
    if (fields[i] !== '') values[column] = fields[i]!;
  });
  const requested = values[USERNAME_COLUMN];
  if (!requested) throw new RowRefused(`${USERNAME_COLUMN} is required.`);
  const mfa = values[MFA_COLUMN];
  if (!mfa || !BOOLEAN.test(mfa)) throw new RowRefused(`${MFA_COLUMN} must be true or false.`);
  for (const flag of ['email_verified', 'phone_number_verified']) {
    if (values[flag] !== undefined && !BOOLEAN.test(values[flag]!)) throw new RowRefused(`${flag} must be true or false.`);
  }
  const verified = (kind: 'email' | 'phone_number') => values[`${kind}_verified`]?.toLowerCase() === 'true';
  for (const kind of ['email', 'phone_number'] as const) {
    if (verified(kind) && !values[kind]) throw new RowRefused(`${kind}_verified is true but ${kind} is empty.`);
  }
  const autoVerified = (pool.settings.AutoVerifiedAttributes ?? []) as ('email' | 'phone_number')[];
  if (!autoVerified.some(verified)) {
    throw new RowRefused(`At least one auto-verified attribute (${autoVerified.join(', ')}) must be given and verified.`);
  }
  // Cognito's mfa_enabled is SMS MFA, which needs a phone number to send codes to.
  const mfaEnabled = mfa.toLowerCase() === 'true';
  if (mfaEnabled && !values.phone_number) throw new RowRefused(`${MFA_COLUMN} is true but phone_number is empty.`);

  try {
    const name = newUsername(pool, requested);
    const attributeList = Object.entries(values)
      .filter(([column]) => column !== USERNAME_COLUMN && column !== MFA_COLUMN)
      .map(([Name, Value]) => ({ Name, Value }));
    const given = checkAttributes(pool, attributeList, { kind: 'admin' }, { creating: true, existing: name.attributes });
    for (const [attribute, value] of Object.entries(name.attributes)) {
      if (given[attribute] !== undefined && given[attribute] !== value) {
        throw new RowRefused(`${USERNAME_COLUMN} is the user's ${attribute} and must equal the ${attribute} column.`);
      }
    }
    const attributes = { sub: name.sub, ...given, ...name.attributes };
    const user: UserRecord = {
      poolId: pool.id,
      username: name.username,
      ...(usernamesIgnoreCase(pool) ? { foldedUsername: foldUsername(name.username) } : {}),
      sub: name.sub,
      status: 'RESET_REQUIRED',
      enabled: true,
      attributes,
      preferences: mfaEnabled ? { enabledMfas: ['SMS_MFA'], preferredMfa: 'SMS_MFA' } : {},
      createdAt: now,
      updatedAt: now,
    };
    return { user, aliases: aliasesFor(pool, attributes), line };
  } catch (error) {
    if (error instanceof CognitoError) throw new RowRefused(`${error.type}: ${error.message}`);
    throw error;
  }
}
