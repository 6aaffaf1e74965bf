// Per-pool RS256 signing keys: separate keys for ID and access tokens, as Cognito has. Private keys
// live in the store (sealed when keypool has a key-encryption key) and are never exported; imported
// key objects are cached here for speed and re-read when the cache is older than a minute, or when a
// kid is unknown (another node may have rotated), at most once a second per pool. A retired key
// stays in the JWKS until every token it signed has expired (RETENTION.tokenLifetimeMs after retirement).
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../clock.js';
import type { KeyUse, SamlSigningRecord, SigningKeyRecord } from '../store/records.js';
import { RETENTION, type Store } from '../store/store.js';
import { SAML_KEY_LABEL, newSamlSigning } from '../saml/signing.js';
import { SEALED_PATTERN, openPrivateKey, sealPrivateKey } from './keyEncryption.js';
import type { AccessTokenClaims } from './authorize.js';
import { CheckedSignatures } from './checkedSignatures.js';

/** Cognito's kid form: 44 characters of base64 SHA-256 (here, of the JWK's RFC 7638 members). */
function kidOf(jwk: { e?: string; kty?: string; n?: string }): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64');
}

const generateRsaKeyPair = promisify(generateKeyPair);

/**
 * A new key pair for the pool; its private key sealed with `kek` when one is given. The search for
 * primes (a quarter of a second, often more) runs on libuv's thread pool, not on the event loop.
 */
export async function generateSigningKey(poolId: string, use: KeyUse, now: number, kek?: Buffer): Promise<SigningKeyRecord> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { e: string; kty: string; n: string };
  const kid = kidOf(jwk);
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return {
    poolId,
    kid,
    use,
    privateKeyPem: kek ? sealPrivateKey(pem, kek, poolId, kid) : pem,
    publicJwk: { alg: 'RS256', e: jwk.e, kid, kty: jwk.kty, n: jwk.n, use: 'sig' },
    createdAt: now,
  };
}

interface PoolKeys {
  loadedAt: number;
  signing: Map<KeyUse, { kid: string; key: KeyObject }>;
  verifying: Map<string, { use: KeyUse; key: KeyObject }>;
  jwks: { keys: Record<string, string>[] };
}

const CACHE_MS = 60_000;
/** A stream of tokens with made-up kids must not turn every request into a read of the store. */
const UNKNOWN_KID_RELOAD_MS = 1000;

export class KeyRing {
  private readonly pools = new Map<string, PoolKeys>();
  /** Reads of a pool's keys under way, shared by every request that needs them. */
  private readonly loading = new Map<string, Promise<PoolKeys>>();
  /** When each pool's keys were last re-read for a kid they lacked. */
  private readonly reloadedForUnknownKid = new Map<string, number>();
  /** Access tokens this node has verified with these keys. */
  readonly checkedAccessTokens = new CheckedSignatures<AccessTokenClaims>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly kek?: Buffer,
  ) {}

  /** A new key for a new pool (CreateUserPool), sealed when keypool has a key-encryption key. */
  newKey(poolId: string, use: KeyUse): Promise<SigningKeyRecord> {
    return generateSigningKey(poolId, use, this.clock.now(), this.kek);
  }

  /**
   * Refuses to start on a store whose sealed keys this node cannot open: no key-encryption key, or
   * the wrong one. Throws KeyEncryptionError with what the operator must do.
   */
  async checkSealedKeys(): Promise<void> {
    const sealed = await this.store.keys.findStoredLike(SEALED_PATTERN);
    if (sealed) openPrivateKey(sealed.privateKeyPem, this.kek, sealed.poolId, sealed.kid);
  }

  private load(poolId: string): Promise<PoolKeys> {
    const pending = this.loading.get(poolId);
    if (pending) return pending;
    const loading: Promise<PoolKeys> = this.read(poolId)
      .then((loaded) => {
        // A read begun before a rotation (forget) is not cached.
        if (this.loading.get(poolId) === loading) this.pools.set(poolId, loaded);
        return loaded;
      })
      .finally(() => {
        if (this.loading.get(poolId) === loading) this.loading.delete(poolId);
      });
    this.loading.set(poolId, loading);
    return loading;
  }

  private async read(poolId: string): Promise<PoolKeys> {
    const records = await this.store.keys.listForPool(poolId);
    const now = this.clock.now();
    const loaded: PoolKeys = { loadedAt: now, signing: new Map(), verifying: new Map(), jwks: { keys: [] } };
    for (const record of records) {
      if (record.retiredAt !== undefined && record.retiredAt < now - RETENTION.tokenLifetimeMs) continue;
      loaded.verifying.set(record.kid, { use: record.use, key: createPublicKey({ key: record.publicJwk, format: 'jwk' }) });
      loaded.jwks.keys.push(record.publicJwk);
      if (record.retiredAt === undefined) {
        const pem = openPrivateKey(record.privateKeyPem, this.kek, poolId, record.kid);
        loaded.signing.set(record.use, { kid: record.kid, key: createPrivateKey(pem) });
      }
    }
    return loaded;
  }

  private async get(poolId: string): Promise<PoolKeys> {
    const cached = this.pools.get(poolId);
    if (cached && this.clock.now() - cached.loadedAt < CACHE_MS) return cached;
    return this.load(poolId);
  }

  async signingKey(poolId: string, use: KeyUse): Promise<{ kid: string; key: KeyObject }> {
    const found = (await this.get(poolId)).signing.get(use);
    if (!found) throw new Error(`pool ${poolId} has no active ${use} signing key`);
    return found;
  }

  /** The public key for a kid of this pool, or undefined when the pool never had it (or it has aged out). */
  async verificationKey(poolId: string, kid: string): Promise<{ use: KeyUse; key: KeyObject } | undefined> {
    const known = (await this.get(poolId)).verifying.get(kid);
    if (known || !this.mayReloadForUnknownKid(poolId)) return known;
    return (await this.load(poolId)).verifying.get(kid);
  }

  private mayReloadForUnknownKid(poolId: string): boolean {
    const now = this.clock.now();
    const last = this.reloadedForUnknownKid.get(poolId);
    if (last !== undefined && now - last < UNKNOWN_KID_RELOAD_MS) return false;
    this.reloadedForUnknownKid.set(poolId, now);
    return true;
  }

  async jwks(poolId: string): Promise<{ keys: Record<string, string>[] }> {
    return (await this.get(poolId)).jwks;
  }

  /** The pool's SAML signing key and certificate (base64 DER), made on first request; undefined when the pool does not exist. */
  private async samlSigning(poolId: string): Promise<SamlSigningRecord | undefined> {
    return (await this.store.keys.getSamlSigning(poolId)) ?? (await this.store.keys.offerSamlSigning(await newSamlSigning(poolId, this.clock.now(), this.kek)));
  }

  async samlCertificate(poolId: string): Promise<string | undefined> {
    return (await this.samlSigning(poolId))?.certificate;
  }

  /** The private key of the pool's SAML signing certificate, which signs its AuthnRequests. */
  async samlSigningKey(poolId: string): Promise<KeyObject | undefined> {
    const record = await this.samlSigning(poolId);
    return record && createPrivateKey(openPrivateKey(record.privateKeyPem, this.kek, poolId, SAML_KEY_LABEL));
  }

  /** Adds a new key for `use` and retires the old one; tokens it signed keep verifying. */
  async rotate(poolId: string, use: KeyUse): Promise<string> {
    const key = await this.newKey(poolId, use);
    await this.store.keys.rotate(key);
    this.forget(poolId);
    return key.kid;
  }

  /** New ID and access keys for the pool (the operator's rotate-keys). */
  async rotateAll(poolId: string): Promise<Record<KeyUse, string>> {
    return { id: await this.rotate(poolId, 'id'), access: await this.rotate(poolId, 'access') };
  }

  forget(poolId: string): void {
    this.pools.delete(poolId);
    this.loading.delete(poolId);
  }
}

/**
 * The operator's rotation (CLI and HTTP): new ID and access keys for the pool, after checking that
 * this node can open the store's sealed keys. Undefined when the pool does not exist.
 */
export async function rotatePoolKeys(keys: KeyRing, store: Store, poolId: string): Promise<Record<KeyUse, string> | undefined> {
  await keys.checkSealedKeys();
  if (!(await store.pools.get(poolId))) return undefined;
  return keys.rotateAll(poolId);
}
