// Encryption at rest of signing keys: with a key-encryption key (KEYPOOL_KEY_ENCRYPTION_KEY, 32 bytes
// as base64 or hex), private key PEMs are stored sealed with AES-256-GCM as
// `enc:v1:<iv>:<tag>:<ciphertext>` (base64url parts), bound to their pool and kid as associated data
// so that a sealed key cannot be moved to another record. A plain PEM stays readable, so keys made
// before the key-encryption key was set keep working.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomBytes } from '../random.js';

const SEALED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;

/** A configuration or store problem the operator must fix: the message says how. */
export class KeyEncryptionError extends Error {}

/** Reads a 32-byte key from 64 hex digits or from base64 (standard or url-safe). */
export function parseKeyEncryptionKey(text: string, variable = 'KEYPOOL_KEY_ENCRYPTION_KEY'): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (!key || key.length !== 32) {
    throw new KeyEncryptionError(`${variable} must be 32 bytes, as 64 hex digits or 44 characters of base64`);
  }
  return key;
}

export const isSealed = (stored: string): boolean => stored.startsWith(SEALED_PREFIX);

/** The SQL LIKE pattern of sealed keys, for the start-up check. */
export const SEALED_PATTERN = `${SEALED_PREFIX}%`;

const associatedData = (poolId: string, kid: string) => Buffer.from(`${poolId}/${kid}`, 'utf8');

export function sealPrivateKey(pem: string, kek: Buffer, poolId: string, kid: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(associatedData(poolId, kid));
  const ciphertext = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${ciphertext.toString('base64url')}`;
}

/** The PEM of a stored key, plain or sealed; throws KeyEncryptionError when it cannot be opened. */
export function openPrivateKey(stored: string, kek: Buffer | undefined, poolId: string, kid: string): string {
  if (!isSealed(stored)) return stored;
  if (!kek) {
    throw new KeyEncryptionError(
      `the signing keys of pool ${poolId} are encrypted, but KEYPOOL_KEY_ENCRYPTION_KEY is not set: start keypool with the key they were sealed with`,
    );
  }
  const [iv, tag, ciphertext] = stored.slice(SEALED_PREFIX.length).split(':');
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv ?? '', 'base64url'));
    decipher.setAAD(associatedData(poolId, kid));
    decipher.setAuthTag(Buffer.from(tag ?? '', 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? '', 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new KeyEncryptionError(
      `signing key ${kid} of pool ${poolId} does not decrypt with KEYPOOL_KEY_ENCRYPTION_KEY: the key is wrong, or the record is damaged`,
    );
  }
}
