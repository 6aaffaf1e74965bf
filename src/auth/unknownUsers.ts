// SRP for nobody. Where an app client hides whether users exist (PreventUserExistenceErrors ENABLED),
// USER_SRP_AUTH and PASSWORD_SRP for a name nobody holds (or a user without a password) answer a
// PASSWORD_VERIFIER challenge shaped as a real one, with a salt and verifier made up for the name:
// derived with HMAC under a key of the installation's server secret (src/secrets.ts), so they are the same on every request and
// every node, and no one without the secret can tell them from a real user's. The answer is then
// refused as a wrong password is (srp.ts).
import { createHmac } from 'node:crypto';
import type { App } from '../app.js';
import type { CodeDeliveryDetailsType } from '../protocol/shapes.generated.js';
import type { PoolRecord } from '../store/records.js';
import { usesUsernameAttributes } from '../users/attributes.js';
import { deliveryDetails, type Channel } from '../users/messages.js';
import { isEmail, isPhoneNumber } from '../users/schema.js';
import { fromBytes, g, modPowN, toHex } from './srpMath.js';

/** What a PASSWORD_VERIFIER challenge is computed from. */
export interface SrpIdentity {
  userIdForSrp: string;
  /** Hex, as stored for real users. */
  salt: string;
  verifier: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A version-4 UUID made of the first 16 bytes given. */
function uuidOf(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Whether a user could be signing in with `name` as their username, so that it is their
 * USER_ID_FOR_SRP too. In pools with UsernameAttributes usernames are UUIDs; in pools with an email
 * or phone alias no username has that shape (the rules of accounts.ts newUsername).
 */
function couldBeUsername(pool: PoolRecord, name: string): boolean {
  if (usesUsernameAttributes(pool)) return UUID.test(name);
  const aliases = pool.settings.AliasAttributes ?? [];
  return !(aliases.includes('email') && isEmail(name)) && !(aliases.includes('phone_number') && isPhoneNumber(name));
}

/** The SRP identity made up for `name` in this pool: stable, and unpredictable without the installation's secret. */
export function simulatedSrpIdentity(app: App, pool: PoolRecord, name: string): SrpIdentity {
  const secret = app.serverSecret.key('unknown users');
  const derive = (purpose: string) => createHmac('sha256', secret).update(`${purpose}\0${pool.id}\0${name}`).digest();
  const salt = derive('srp-salt').subarray(0, 16);
  // Real salts never start with a zero byte (srpMath.createVerifier).
  salt[0] ||= 1;
  return {
    userIdForSrp: couldBeUsername(pool, name) ? name : uuidOf(derive('username')),
    salt: salt.toString('hex'),
    verifier: toHex(modPowN(g, fromBytes(derive('srp-x')))),
  };
}

/**
 * Where a code for `name` would have gone, masked as a real delivery is (messages.ts): a name shaped as
 * an email address or phone number is its own; otherwise one is made up from the name under the
 * installation's secret, so that repeated requests agree and nothing tells it from a real user's.
 */
export function simulatedDeliveryDetails(app: App, pool: PoolRecord, name: string, channel: Channel): CodeDeliveryDetailsType {
  const made = createHmac('sha256', app.serverSecret.key('unknown users')).update(`delivery\0${pool.id}\0${name}`).digest();
  const letter = (byte: number) => String.fromCharCode(97 + (byte % 26));
  const digits = [...made.subarray(2, 14)].map((byte) => String(byte % 10)).join('');
  const own = channel === 'SMS' ? isPhoneNumber(name) : isEmail(name);
  const destination = own ? name : channel === 'SMS' ? `+1${digits.slice(0, 10)}` : `${letter(made[0]!)}@${letter(made[1]!)}.com`;
  return deliveryDetails(channel, destination);
}
