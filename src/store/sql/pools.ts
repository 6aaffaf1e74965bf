import type { ClientRepository, DomainRepository, KeyRepository, Page, PoolRepository } from '../store.js';
import { StoreConflict } from '../store.js';
import type { ClientRecord, ClientSecretRecord, DomainRecord, PoolRecord, PoolSettings, SamlSigningRecord, SigningKeyRecord } from '../records.js';
import type { Row, SqlDriver, SqlExecutor } from './driver.js';
import { lockClient, lockPool } from './locks.js';
import type { KeptRows } from './memory.js';
import { bool, json, num, optNum, optStr, orNull, parse, parseShared } from './rows.js';

const toPool = (r: Row): PoolRecord => ({
  id: String(r.id),
  name: String(r.name),
  settings: parseShared(r.settings),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

const toClient = (r: Row): ClientRecord => ({
  poolId: String(r.pool_id),
  clientId: String(r.client_id),
  clientName: String(r.client_name),
  clientSecrets: parse(r.client_secrets),
  settings: parseShared(r.settings),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

const toDomain = (r: Row): DomainRecord => ({
  domain: String(r.domain),
  poolId: String(r.pool_id),
  custom: num(r.custom) === 1,
  certificateArn: optStr(r.certificate_arn),
  managedLoginVersion: optNum(r.managed_login_version),
  createdAt: num(r.created_at),
});

const toKey = (r: Row): SigningKeyRecord => ({
  poolId: String(r.pool_id),
  kid: String(r.kid),
  use: String(r.key_use) as SigningKeyRecord['use'],
  privateKeyPem: String(r.private_key_pem),
  publicJwk: parse(r.public_jwk),
  createdAt: num(r.created_at),
  retiredAt: optNum(r.retired_at),
});

const toSamlSigning = (r: Row): SamlSigningRecord => ({
  poolId: String(r.pool_id),
  privateKeyPem: String(r.private_key_pem),
  certificate: String(r.certificate),
  createdAt: num(r.created_at),
});

export function page<T>(rows: Row[], limit: number, map: (r: Row) => T, key: (r: Row) => string): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { items: kept.map(map), next: more ? key(kept[kept.length - 1]!) : undefined };
}

const insertKey = `INSERT INTO signing_keys (kid, pool_id, key_use, private_key_pem, public_jwk, created_at, retired_at)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;
const keyParams = (k: SigningKeyRecord) => [k.kid, k.poolId, k.use, k.privateKeyPem, json(k.publicJwk), k.createdAt, orNull(k.retiredAt)];

export class SqlPools implements PoolRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly kept: KeptRows,
  ) {}

  async create(pool: PoolRecord, keys: SigningKeyRecord[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(`INSERT INTO pools (id, name, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`, [
        pool.id,
        pool.name,
        json(pool.settings),
        pool.createdAt,
        pool.updatedAt,
      ]);
      for (const key of keys) await tx.run(insertKey, keyParams(key));
    });
  }

  get(poolId: string): Promise<PoolRecord | undefined> {
    return this.kept.get(`pool ${poolId}`, async () => {
      const row = await this.db.get(`SELECT * FROM pools WHERE id = ?`, [poolId]);
      return row && toPool(row);
    });
  }

  async list(limit: number, after?: string): Promise<Page<PoolRecord>> {
    const rows = await this.db.all(`SELECT * FROM pools WHERE id > ? ORDER BY id LIMIT ?`, [after ?? '', limit + 1]);
    return page(rows, limit, toPool, (r) => String(r.id));
  }

  async update(pool: PoolRecord): Promise<boolean> {
    const changed = await this.db.run(`UPDATE pools SET name = ?, settings = ?, updated_at = ? WHERE id = ?`, [
      pool.name,
      json(pool.settings),
      pool.updatedAt,
      pool.id,
    ]);
    return changed > 0;
  }

  async changeSettings(poolId: string, change: (settings: PoolSettings) => PoolSettings, updatedAt?: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Concurrent changes apply one after the other.
      if (!(await lockPool(tx, poolId))) return false;
      const row = await tx.get(`SELECT settings FROM pools WHERE id = ?`, [poolId]);
      const next = change(parse<PoolSettings>(row!.settings));
      await tx.run(`UPDATE pools SET settings = ?, updated_at = COALESCE(?, updated_at) WHERE id = ?`, [json(next), orNull(updatedAt), poolId]);
      return true;
    });
  }

  async delete(poolId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.run(`DELETE FROM auth_sessions WHERE pool_id = ?`, [poolId]);
      await tx.run(`DELETE FROM outbox WHERE pool_id = ?`, [poolId]);
      await tx.run(`DELETE FROM passkeys WHERE pool_id = ?`, [poolId]);
      return (await tx.run(`DELETE FROM pools WHERE id = ?`, [poolId])) > 0;
    });
  }

  async countUsers(poolId: string): Promise<number> {
    const row = await this.db.get(`SELECT COUNT(*) AS n FROM users WHERE pool_id = ?`, [poolId]);
    return num(row?.n ?? 0);
  }
}

/** The client's secrets, read under the client's row lock; undefined when there is no such client. */
async function lockedSecrets(tx: SqlExecutor, poolId: string, clientId: string): Promise<ClientSecretRecord[] | undefined> {
  if (!(await lockClient(tx, poolId, clientId))) return undefined;
  return parse((await tx.get(`SELECT client_secrets FROM clients WHERE client_id = ?`, [clientId]))!.client_secrets);
}

const writeSecrets = (tx: SqlExecutor, clientId: string, secrets: ClientSecretRecord[]) =>
  tx.run(`UPDATE clients SET client_secrets = ? WHERE client_id = ?`, [json(secrets), clientId]);

export class SqlClients implements ClientRepository {
  constructor(
    private readonly db: SqlDriver,
    private readonly kept: KeptRows,
  ) {}

  async create(c: ClientRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO clients (client_id, pool_id, client_name, client_secrets, settings, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [c.clientId, c.poolId, c.clientName, json(c.clientSecrets), json(c.settings), c.createdAt, c.updatedAt],
    );
  }

  get(clientId: string): Promise<ClientRecord | undefined> {
    return this.kept.get(`client ${clientId}`, async () => {
      const row = await this.db.get(`SELECT * FROM clients WHERE client_id = ?`, [clientId]);
      return row && toClient(row);
    });
  }

  async list(poolId: string, limit: number, after?: string): Promise<Page<ClientRecord>> {
    const rows = await this.db.all(
      `SELECT * FROM clients WHERE pool_id = ? AND client_id > ? ORDER BY client_id LIMIT ?`,
      [poolId, after ?? '', limit + 1],
    );
    return page(rows, limit, toClient, (r) => String(r.client_id));
  }

  async update(c: ClientRecord): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE clients SET client_name = ?, settings = ?, updated_at = ? WHERE client_id = ? AND pool_id = ?`,
      [c.clientName, json(c.settings), c.updatedAt, c.clientId, c.poolId],
    );
    return changed > 0;
  }

  async addSecret(poolId: string, clientId: string, secret: ClientSecretRecord, maxSecrets: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const secrets = await lockedSecrets(tx, poolId, clientId);
      if (!secrets) return false;
      if (secrets.length >= maxSecrets) throw new StoreConflict('limit');
      if (secrets.some((s) => s.id === secret.id)) throw new StoreConflict('secret');
      await writeSecrets(tx, clientId, [...secrets, secret]);
      return true;
    });
  }

  async deleteSecret(poolId: string, clientId: string, secretId: string): Promise<'deleted' | 'no-client' | 'no-secret' | 'last'> {
    return this.db.transaction(async (tx) => {
      const secrets = await lockedSecrets(tx, poolId, clientId);
      if (!secrets) return 'no-client';
      const kept = secrets.filter((s) => s.id !== secretId);
      if (kept.length === secrets.length) return 'no-secret';
      if (kept.length === 0) return 'last';
      await writeSecrets(tx, clientId, kept);
      return 'deleted';
    });
  }

  /** Deletes the client with its documents (branding, UI customization, terms). */
  async delete(poolId: string, clientId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.run(`DELETE FROM pool_documents WHERE pool_id = ? AND client_id = ?`, [poolId, clientId]);
      return (await tx.run(`DELETE FROM clients WHERE client_id = ? AND pool_id = ?`, [clientId, poolId])) > 0;
    });
  }
}

export class SqlDomains implements DomainRepository {
  constructor(private readonly db: SqlDriver) {}

  async create(d: DomainRecord): Promise<void> {
    try {
      await this.db.run(
        `INSERT INTO domains (domain, pool_id, custom, certificate_arn, managed_login_version, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
        [d.domain, d.poolId, bool(d.custom), orNull(d.certificateArn), orNull(d.managedLoginVersion), d.createdAt],
      );
    } catch (error) {
      if (this.db.isUniqueViolation(error)) throw new StoreConflict('domain');
      throw error;
    }
  }

  async get(domain: string): Promise<DomainRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM domains WHERE domain = ?`, [domain]);
    return row && toDomain(row);
  }

  async listForPool(poolId: string): Promise<DomainRecord[]> {
    return (await this.db.all(`SELECT * FROM domains WHERE pool_id = ? ORDER BY created_at`, [poolId])).map(toDomain);
  }

  async update(d: DomainRecord): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE domains SET certificate_arn = ?, managed_login_version = ? WHERE domain = ? AND pool_id = ?`,
      [orNull(d.certificateArn), orNull(d.managedLoginVersion), d.domain, d.poolId],
    );
    return changed > 0;
  }

  async delete(domain: string): Promise<boolean> {
    return (await this.db.run(`DELETE FROM domains WHERE domain = ?`, [domain])) > 0;
  }
}

export class SqlKeys implements KeyRepository {
  constructor(private readonly db: SqlDriver) {}

  async listForPool(poolId: string): Promise<SigningKeyRecord[]> {
    return (await this.db.all(`SELECT * FROM signing_keys WHERE pool_id = ? ORDER BY created_at, kid`, [poolId])).map(toKey);
  }

  async rotate(key: SigningKeyRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Concurrent rotations of one pool take turns, so one key stays active.
      await lockPool(tx, key.poolId);
      await tx.run(`UPDATE signing_keys SET retired_at = ? WHERE pool_id = ? AND key_use = ? AND retired_at IS NULL`, [
        key.createdAt,
        key.poolId,
        key.use,
      ]);
      await tx.run(insertKey, keyParams(key));
    });
  }

  async findStoredLike(pattern: string): Promise<SigningKeyRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM signing_keys WHERE private_key_pem LIKE ? LIMIT 1`, [pattern]);
    return row && toKey(row);
  }

  async getSamlSigning(poolId: string): Promise<SamlSigningRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM saml_signing WHERE pool_id = ?`, [poolId]);
    return row && toSamlSigning(row);
  }

  async offerSamlSigning(offered: SamlSigningRecord): Promise<SamlSigningRecord | undefined> {
    await this.db.run(
      `INSERT INTO saml_signing (pool_id, private_key_pem, certificate, created_at)
       SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM pools WHERE id = ?) ON CONFLICT (pool_id) DO NOTHING`,
      [offered.poolId, offered.privateKeyPem, offered.certificate, offered.createdAt, offered.poolId],
    );
    return this.getSamlSigning(offered.poolId);
  }
}
