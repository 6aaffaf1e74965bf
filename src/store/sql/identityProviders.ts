import type { IdentityProviderRepository, LinkOutcome, Page } from '../store.js';
import { StoreConflict } from '../store.js';
import type { ClientSettings, IdentityProviderRecord, ProviderLinkRecord } from '../records.js';
import type { Row, SqlDriver, SqlExecutor } from './driver.js';
import { json, num, parse } from './rows.js';
import { lockPool, lockUser } from './locks.js';
import { page } from './pools.js';

const toProvider = (r: Row): IdentityProviderRecord => ({
  poolId: String(r.pool_id),
  providerName: String(r.provider_name),
  providerType: String(r.provider_type) as IdentityProviderRecord['providerType'],
  details: parse(r.details),
  attributeMapping: parse(r.attribute_mapping),
  idpIdentifiers: parse(r.idp_identifiers),
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

const toLink = (r: Row): ProviderLinkRecord => ({
  poolId: String(r.pool_id),
  providerName: String(r.provider_name),
  attributeName: String(r.attribute_name),
  attributeValue: String(r.attribute_value),
  username: String(r.username),
  createdAt: num(r.created_at),
});

/**
 * The `identities` attribute of a user with these links (with their providers' types), as Cognito
 * shows it in the user's attributes; undefined without links.
 */
export function identitiesOf(links: { link: ProviderLinkRecord; providerType: string }[]): string | undefined {
  if (links.length === 0) return undefined;
  return JSON.stringify(
    links.map(({ link, providerType }) => ({
      userId: link.attributeValue,
      providerName: link.providerName,
      providerType,
      issuer: null,
      // A federated user's own identity (<ProviderName>_<subject>) is primary; identities linked to another user are not.
      primary: link.username === `${link.providerName}_${link.attributeValue}`,
      dateCreated: link.createdAt,
    })),
  );
}

/**
 * Makes the user's `identities` attribute what their links say, within the caller's transaction
 * (which holds the user's row lock by then). Writes only when it differs. `written`: the attributes
 * the caller has just written in this transaction, if it has.
 */
export async function syncIdentities(tx: SqlExecutor, poolId: string, username: string, written?: Record<string, string>): Promise<void> {
  const rows = await tx.all(
    `SELECT l.*, p.provider_type FROM provider_links l
       JOIN identity_providers p ON p.pool_id = l.pool_id AND p.provider_name = l.provider_name
     WHERE l.pool_id = ? AND l.username = ? ORDER BY l.created_at, l.provider_name, l.attribute_value`,
    [poolId, username],
  );
  // The caller that has just written the attributes says what they are, sparing a read when nothing is to change.
  if (written && rows.length === 0 && written.identities === undefined) return;
  const user = await tx.get(`SELECT attributes FROM users WHERE pool_id = ? AND username = ?`, [poolId, username]);
  if (!user) return;
  const attributes = parse<Record<string, string>>(user.attributes);
  const identities = identitiesOf(rows.map((r) => ({ link: toLink(r), providerType: String(r.provider_type) })));
  if (attributes.identities === identities) return;
  if (identities === undefined) delete attributes.identities;
  else attributes.identities = identities;
  await tx.run(`UPDATE users SET attributes = ? WHERE pool_id = ? AND username = ?`, [json(attributes), poolId, username]);
}

async function writeIdentifiers(tx: SqlExecutor, p: IdentityProviderRecord): Promise<void> {
  await tx.run(`DELETE FROM identity_provider_identifiers WHERE pool_id = ? AND provider_name = ?`, [p.poolId, p.providerName]);
  for (const identifier of p.idpIdentifiers) {
    await tx.run(`INSERT INTO identity_provider_identifiers (pool_id, identifier, provider_name) VALUES (?, ?, ?)`, [
      p.poolId,
      identifier,
      p.providerName,
    ]);
  }
}

export class SqlIdentityProviders implements IdentityProviderRepository {
  constructor(private readonly db: SqlDriver) {}

  private conflictOf(error: unknown, what: 'provider' | 'identifier'): unknown {
    return this.db.isUniqueViolation(error) ? new StoreConflict(what) : error;
  }

  async create(p: IdentityProviderRecord, maxPerPool: number): Promise<boolean> {
    let stage: 'provider' | 'identifier' = 'provider';
    try {
      return await this.db.transaction(async (tx) => {
        // Concurrent creations in one pool are counted, and named, one after another.
        if (!(await lockPool(tx, p.poolId))) return false;
        if (await tx.get(`SELECT 1 AS x FROM identity_providers WHERE pool_id = ? AND provider_name = ?`, [p.poolId, p.providerName])) {
          throw new StoreConflict('provider');
        }
        const count = await tx.get(`SELECT COUNT(*) AS n FROM identity_providers WHERE pool_id = ?`, [p.poolId]);
        if (num(count?.n ?? 0) >= maxPerPool) throw new StoreConflict('limit');
        await tx.run(
          `INSERT INTO identity_providers (pool_id, provider_name, provider_type, details, attribute_mapping, idp_identifiers, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [p.poolId, p.providerName, p.providerType, json(p.details), json(p.attributeMapping), json(p.idpIdentifiers), p.createdAt, p.updatedAt],
        );
        stage = 'identifier';
        await writeIdentifiers(tx, p);
        return true;
      });
    } catch (error) {
      throw this.conflictOf(error, stage);
    }
  }

  async get(poolId: string, providerName: string): Promise<IdentityProviderRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM identity_providers WHERE pool_id = ? AND provider_name = ?`, [poolId, providerName]);
    return row && toProvider(row);
  }

  async getByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined> {
    const row = await this.db.get(
      `SELECT p.* FROM identity_provider_identifiers i
         JOIN identity_providers p ON p.pool_id = i.pool_id AND p.provider_name = i.provider_name
       WHERE i.pool_id = ? AND i.identifier = ?`,
      [poolId, identifier],
    );
    return row && toProvider(row);
  }

  async update(p: IdentityProviderRecord): Promise<boolean> {
    try {
      return await this.db.transaction(async (tx) => {
        const changed = await tx.run(
          `UPDATE identity_providers SET details = ?, attribute_mapping = ?, idp_identifiers = ?, updated_at = ?
           WHERE pool_id = ? AND provider_name = ?`,
          [json(p.details), json(p.attributeMapping), json(p.idpIdentifiers), p.updatedAt, p.poolId, p.providerName],
        );
        if (changed === 0) return false;
        await writeIdentifiers(tx, p);
        return true;
      });
    } catch (error) {
      throw this.conflictOf(error, 'identifier');
    }
  }

  async delete(poolId: string, providerName: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const linked = await tx.all(`SELECT DISTINCT username FROM provider_links WHERE pool_id = ? AND provider_name = ? ORDER BY username`, [
        poolId,
        providerName,
      ]);
      for (const { username } of linked) await lockUser(tx, poolId, String(username));
      if ((await tx.run(`DELETE FROM identity_providers WHERE pool_id = ? AND provider_name = ?`, [poolId, providerName])) === 0) return false;
      for (const { username } of linked) await syncIdentities(tx, poolId, String(username));
      // App clients stop offering the provider (their other settings untouched).
      const clients = await tx.all(`SELECT client_id, settings FROM clients WHERE pool_id = ?`, [poolId]);
      for (const client of clients) {
        const settings = parse<ClientSettings>(client.settings);
        const supported = settings.SupportedIdentityProviders;
        if (!supported?.includes(providerName)) continue;
        settings.SupportedIdentityProviders = supported.filter((name) => name !== providerName);
        await tx.run(`UPDATE clients SET settings = ? WHERE client_id = ?`, [json(settings), String(client.client_id)]);
      }
      return true;
    });
  }

  async list(poolId: string, limit: number, after?: string): Promise<Page<IdentityProviderRecord>> {
    const rows = await this.db.all(`SELECT * FROM identity_providers WHERE pool_id = ? AND provider_name > ? ORDER BY provider_name LIMIT ?`, [
      poolId,
      after ?? '',
      limit + 1,
    ]);
    return page(rows, limit, toProvider, (r) => String(r.provider_name));
  }

  async link(l: ProviderLinkRecord, maxPerUser: number): Promise<LinkOutcome> {
    try {
      return await this.db.transaction(async (tx) => {
        // Links to one user are counted one after another.
        if (!(await lockUser(tx, l.poolId, l.username))) return 'no-user';
        if (!(await tx.get(`SELECT 1 AS x FROM identity_providers WHERE pool_id = ? AND provider_name = ?`, [l.poolId, l.providerName]))) {
          return 'no-provider';
        }
        const taken = await tx.get(`SELECT 1 AS x FROM provider_links WHERE pool_id = ? AND provider_name = ? AND attribute_value = ?`, [
          l.poolId,
          l.providerName,
          l.attributeValue,
        ]);
        if (taken) return 'taken';
        const count = await tx.get(`SELECT COUNT(*) AS n FROM provider_links WHERE pool_id = ? AND username = ?`, [l.poolId, l.username]);
        if (num(count?.n ?? 0) >= maxPerUser) return 'limit';
        await tx.run(
          `INSERT INTO provider_links (pool_id, provider_name, attribute_value, attribute_name, username, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
          [l.poolId, l.providerName, l.attributeValue, l.attributeName, l.username, l.createdAt],
        );
        await syncIdentities(tx, l.poolId, l.username);
        return 'linked';
      });
    } catch (error) {
      // The same provider user linked at once to another user: the primary key takes it once.
      if (this.db.isUniqueViolation(error)) return 'taken';
      throw error;
    }
  }

  async unlink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      const link = await tx.get(
        `SELECT username FROM provider_links WHERE pool_id = ? AND provider_name = ? AND attribute_value = ? AND attribute_name = ?`,
        [poolId, providerName, attributeValue, attributeName],
      );
      if (!link) return [];
      const username = String(link.username);
      await lockUser(tx, poolId, username);
      const removed = await tx.run(
        `DELETE FROM provider_links WHERE pool_id = ? AND provider_name = ? AND attribute_value = ? AND attribute_name = ? AND username = ?`,
        [poolId, providerName, attributeValue, attributeName, username],
      );
      if (removed === 0) return [];
      await syncIdentities(tx, poolId, username);
      return [username];
    });
  }

  async linksOfUser(poolId: string, username: string): Promise<ProviderLinkRecord[]> {
    const rows = await this.db.all(
      `SELECT * FROM provider_links WHERE pool_id = ? AND username = ? ORDER BY created_at, provider_name, attribute_value`,
      [poolId, username],
    );
    return rows.map(toLink);
  }

  async linkOf(poolId: string, providerName: string, attributeValue: string): Promise<ProviderLinkRecord | undefined> {
    const row = await this.db.get(`SELECT * FROM provider_links WHERE pool_id = ? AND provider_name = ? AND attribute_value = ?`, [
      poolId,
      providerName,
      attributeValue,
    ]);
    return row ? toLink(row) : undefined;
  }
}
