import { RETENTION, type Store } from '../store.js';
import { SqlAttempts } from './attempts.js';
import type { SqlDriver } from './driver.js';
import { SqlDevices } from './devices.js';
import { SqlSoftwareTokens } from './softwareTokens.js';
import { SqlEvents, trimEvents } from './events.js';
import { SqlGroups } from './groups.js';
import { SqlResourceServers } from './resourceServers.js';
import { SqlIdentityProviders } from './identityProviders.js';
import { SqlPoolDocuments } from './poolDocuments.js';
import { SqlCodes, SqlOutbox } from './messages.js';
import { SqlPasskeys } from './passkeys.js';
import { SqlClients, SqlDomains, SqlKeys, SqlPools } from './pools.js';
import { KeptRows } from './memory.js';
import { migrate } from './schema.js';
import { SqlLimits } from './limits.js';
import { SqlSecrets } from './secrets.js';
import { SqlSessions, SqlTokens } from './tokens.js';
import { SqlUsers } from './users.js';
import { SqlImportJobs } from './importJobs.js';

/** The store on any SQL driver: one implementation of the contract for SQLite and PostgreSQL. */
export class SqlStore implements Store {
  readonly kind: Store['kind'];
  readonly pools: SqlPools;
  readonly clients: SqlClients;
  readonly domains: SqlDomains;
  readonly keys: SqlKeys;
  readonly users: SqlUsers;
  readonly tokens: SqlTokens;
  readonly sessions: SqlSessions;
  readonly attempts: SqlAttempts;
  readonly secrets: SqlSecrets;
  readonly limits: SqlLimits;
  readonly passkeys: SqlPasskeys;
  readonly outbox: SqlOutbox;
  readonly codes: SqlCodes;
  readonly events: SqlEvents;
  readonly groups: SqlGroups;
  readonly resourceServers: SqlResourceServers;
  readonly identityProviders: SqlIdentityProviders;
  readonly documents: SqlPoolDocuments;
  readonly devices: SqlDevices;
  readonly softwareTokens: SqlSoftwareTokens;
  readonly importJobs: SqlImportJobs;

  private readonly db: SqlDriver;

  constructor(driver: SqlDriver) {
    this.kind = driver.dialect;
    const kept = new KeptRows(driver);
    const db = kept.watch(driver);
    this.db = db;
    this.pools = new SqlPools(db, kept);
    this.clients = new SqlClients(db, kept);
    this.domains = new SqlDomains(db);
    this.keys = new SqlKeys(db);
    this.users = new SqlUsers(db);
    this.tokens = new SqlTokens(db);
    this.sessions = new SqlSessions(db);
    this.attempts = new SqlAttempts(db);
    this.secrets = new SqlSecrets(db);
    this.limits = new SqlLimits(db);
    this.passkeys = new SqlPasskeys(db);
    this.outbox = new SqlOutbox(db);
    this.codes = new SqlCodes(db);
    this.events = new SqlEvents(db);
    this.groups = new SqlGroups(db, kept);
    this.resourceServers = new SqlResourceServers(db);
    this.identityProviders = new SqlIdentityProviders(db);
    this.documents = new SqlPoolDocuments(db);
    this.devices = new SqlDevices(db);
    this.softwareTokens = new SqlSoftwareTokens(db);
    this.importJobs = new SqlImportJobs(db);
  }

  static async open(db: SqlDriver, now: number): Promise<SqlStore> {
    await migrate(db, now);
    return new SqlStore(db);
  }

  async sweep(now: number, eventsPerPool?: number): Promise<number> {
    const spentBefore = now - RETENTION.spentMs;
    const tokensBefore = now - RETENTION.tokenLifetimeMs;
    return this.db.transaction(async (tx) => {
      let removed = 0;
      removed += await tx.run(`DELETE FROM auth_sessions WHERE expires_at < ?`, [spentBefore]);
      removed += await tx.run(`DELETE FROM registration_challenges WHERE expires_at < ?`, [spentBefore]);
      removed += await tx.run(`DELETE FROM codes WHERE expires_at < ?`, [now]);
      // A refresh token outlives its expiry by the longest access-token lifetime, so that a sign-in
      // left without refresh tokens has no valid access token either: then the sign-in itself goes.
      removed += await tx.run(`DELETE FROM refresh_tokens WHERE expires_at < ?`, [tokensBefore]);
      removed += await tx.run(
        `DELETE FROM token_families WHERE (revoked_at IS NOT NULL AND revoked_at < ?)
           OR (created_at < ? AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.origin_jti = token_families.origin_jti))`,
        [tokensBefore, tokensBefore],
      );
      removed += await tx.run(`DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND retired_at < ?`, [tokensBefore]);
      removed += await tx.run(`DELETE FROM attempt_counters WHERE forget_at < ?`, [now]);
      removed += await tx.run(`DELETE FROM outbox WHERE created_at < ?`, [now - RETENTION.outboxMs]);
      if (eventsPerPool !== undefined) removed += await trimEvents(tx, Math.max(1, eventsPerPool));
      return removed;
    });
  }

  async ping(): Promise<void> {
    await this.db.get(`SELECT 1 AS ok`);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
