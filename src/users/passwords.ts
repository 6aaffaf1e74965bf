// Passwords are never stored: a scrypt hash for password sign-in and an SRP salt and verifier for
// SRP sign-in, both computed wherever a plaintext password arrives.
import { randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../random.js';
import { promisify } from 'node:util';
import type { PasswordPolicyType } from '../protocol/shapes.generated.js';
import { createVerifier } from '../auth/srpMath.js';
import { errors } from '../protocol/errors.js';
import type { PasswordCredential, PoolRecord } from '../store/records.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

const SCRYPT = { N: 16384, r: 8, p: 1 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A hash of a password nobody knows, checked in place of a missing one. */
let nobodysHash: Promise<string> | undefined;

/**
 * Checks a password against its stored hash. Without one (a name nobody holds, a user without a
 * password) the answer is false after the same work, so that the time taken tells nothing.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (stored === undefined) {
    nobodysHash ??= hashPassword(randomBytes(32).toString('base64'));
    await verifyPassword(password, await nobodysHash);
    return false;
  }
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

export async function createPasswordCredential(
  poolId: string,
  username: string,
  password: string,
  temporary: boolean,
  now: number,
): Promise<PasswordCredential> {
  const { salt, verifier } = createVerifier(poolId, username, password);
  return { hash: await hashPassword(password), srpSalt: salt, srpVerifier: verifier, temporary, setAt: now };
}

/** Cognito's default policy when a pool does not set one. */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicyType = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/**
 * The first rule the password breaks, worded as Cognito words it, or undefined. Cognito reports one
 * rule per answer, in the order length, upper, lower, numeric, symbol.
 */
export function passwordPolicyViolation(pool: PoolRecord, password: string): string | undefined {
  const policy = pool.settings.Policies?.PasswordPolicy ?? DEFAULT_PASSWORD_POLICY;
  if ([...password].length < (policy.MinimumLength ?? 8)) return 'Password not long enough';
  if (policy.RequireUppercase && !/\p{Lu}/u.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireLowercase && !/\p{Ll}/u.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !SYMBOLS.test(password)) return 'Password must have symbol characters';
  return undefined;
}

/**
 * Throws InvalidPasswordException when the password breaks the pool's policy. The prefix differs by
 * operation in Cognito: "Password did not conform with policy: " (SignUp), "Password did not conform
 * with password policy: " (AdminCreateUser), "Password does not conform to policy: " (challenges).
 */
export function enforcePasswordPolicy(pool: PoolRecord, password: string, prefix: string): void {
  const violation = passwordPolicyViolation(pool, password);
  if (violation) throw errors.invalidPassword(prefix, violation);
}

/**
 * A temporary password Cognito would generate for AdminCreateUser: long enough for the pool's policy,
 * with an upper-case letter, a lower-case letter, a digit and a symbol whatever the policy asks.
 */
export function generateTemporaryPassword(pool: PoolRecord): string {
  const policy = pool.settings.Policies?.PasswordPolicy ?? DEFAULT_PASSWORD_POLICY;
  const length = Math.max(policy.MinimumLength ?? 8, 12);
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#$%&*+-=?@^_'];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
