// Versioned migrations, in SQL both SQLite and PostgreSQL accept. A migration is never edited once
// released: add a new one. The schema_migrations table records which have run.
import { SEARCHABLE_USER_ATTRIBUTES } from '../store.js';
import type { SqlDriver } from './driver.js';

/** Where PostgreSQL announces changes to pools and app clients (migration 21), naming the schema. */
export const CHANGES_CHANNEL = 'keypool_changes';

/** A migration's statements: the same for both databases, or each its own where their SQL differs. */
type MigrationSql = string[] | Record<SqlDriver['dialect'], string[]>;

export interface Migration {
  version: number;
  name: string;
  sql: MigrationSql;
}

export const statementsOf = (migration: Migration, dialect: SqlDriver['dialect']): string[] =>
  Array.isArray(migration.sql) ? migration.sql : migration.sql[dialect];

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: [
      `CREATE TABLE pools (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE clients (
        client_id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        client_name TEXT NOT NULL,
        client_secret TEXT,
        settings TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE INDEX clients_by_pool ON clients(pool_id, client_id)`,
      `CREATE TABLE domains (
        domain TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        custom INTEGER NOT NULL,
        certificate_arn TEXT,
        managed_login_version INTEGER,
        created_at BIGINT NOT NULL
      )`,
      `CREATE INDEX domains_by_pool ON domains(pool_id)`,
      `CREATE TABLE signing_keys (
        kid TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        key_use TEXT NOT NULL,
        private_key_pem TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        retired_at BIGINT
      )`,
      `CREATE INDEX signing_keys_by_pool ON signing_keys(pool_id, created_at)`,
      `CREATE TABLE users (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        username TEXT NOT NULL,
        sub TEXT NOT NULL,
        status TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        password TEXT,
        preferences TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, username)
      )`,
      `CREATE UNIQUE INDEX users_by_sub ON users(pool_id, sub)`,
      `CREATE TABLE user_aliases (
        pool_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        username TEXT NOT NULL,
        PRIMARY KEY (pool_id, kind, value),
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE INDEX user_aliases_by_user ON user_aliases(pool_id, username)`,
      `CREATE TABLE token_families (
        origin_jti TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        username TEXT NOT NULL,
        auth_time BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE INDEX token_families_by_user ON token_families(pool_id, username)`,
      `CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        origin_jti TEXT NOT NULL REFERENCES token_families(origin_jti) ON DELETE CASCADE,
        pool_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        username TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        rotated_at BIGINT,
        grace_until BIGINT
      )`,
      `CREATE INDEX refresh_tokens_by_family ON refresh_tokens(origin_jti)`,
      `CREATE INDEX refresh_tokens_by_expiry ON refresh_tokens(expires_at)`,
      `CREATE TABLE auth_sessions (
        id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        username TEXT NOT NULL,
        challenge_name TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        consumed_at BIGINT
      )`,
      `CREATE INDEX auth_sessions_by_expiry ON auth_sessions(expires_at)`,
      `CREATE TABLE registration_challenges (
        challenge TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        client_id TEXT NOT NULL,
        rp_id TEXT NOT NULL,
        user_verification TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        consumed_at BIGINT,
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE INDEX registration_challenges_by_expiry ON registration_challenges(expires_at)`,
      `CREATE TABLE passkeys (
        credential_id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        public_key TEXT NOT NULL,
        algorithm INTEGER NOT NULL,
        sign_count BIGINT NOT NULL,
        transports TEXT NOT NULL,
        attachment TEXT,
        aaguid TEXT NOT NULL,
        attestation_format TEXT NOT NULL,
        backup_eligible INTEGER NOT NULL,
        backed_up INTEGER NOT NULL,
        user_verified INTEGER NOT NULL,
        rp_id TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_used_at BIGINT,
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE INDEX passkeys_by_user ON passkeys(pool_id, username, created_at)`,
      `CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        channel TEXT NOT NULL,
        destination TEXT NOT NULL,
        purpose TEXT NOT NULL,
        subject TEXT,
        message TEXT NOT NULL,
        code TEXT,
        created_at BIGINT NOT NULL
      )`,
      `CREATE INDEX outbox_by_time ON outbox(created_at)`,
      `CREATE TABLE codes (
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        purpose TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        attempts INTEGER NOT NULL,
        PRIMARY KEY (pool_id, username, purpose),
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
    ],
  },
  {
    version: 2,
    name: 'auth events',
    sql: [
      `CREATE TABLE auth_events (
        id TEXT PRIMARY KEY,
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        client_id TEXT,
        username TEXT,
        event_type TEXT NOT NULL,
        operation TEXT NOT NULL,
        outcome TEXT NOT NULL,
        flow TEXT,
        challenge TEXT,
        next_challenge TEXT,
        error_type TEXT,
        reason TEXT,
        source_ip TEXT NOT NULL,
        user_agent TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      `CREATE INDEX auth_events_by_pool ON auth_events(pool_id, id)`,
      `CREATE INDEX auth_events_by_user ON auth_events(pool_id, username, id)`,
    ],
  },
  {
    version: 3,
    name: 'password sign-in failures',
    sql: [
      `CREATE TABLE sign_in_failures (
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_failure_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, username),
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
    ],
  },
  {
    version: 4,
    name: 'sign-in failures per factor (password, passkey)',
    sql: [
      `CREATE TABLE sign_in_failures_by_factor (
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        factor TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_failure_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, username, factor),
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `INSERT INTO sign_in_failures_by_factor (pool_id, username, factor, failures, last_failure_at)
        SELECT pool_id, username, 'PASSWORD', failures, last_failure_at FROM sign_in_failures`,
      `DROP TABLE sign_in_failures`,
      `ALTER TABLE sign_in_failures_by_factor RENAME TO sign_in_failures`,
      `CREATE INDEX sign_in_failures_by_time ON sign_in_failures(last_failure_at)`,
      `CREATE INDEX token_families_by_revocation ON token_families(revoked_at)`,
      `CREATE INDEX signing_keys_by_retirement ON signing_keys(retired_at)`,
    ],
  },
  {
    version: 5,
    name: 'attempt counters for any name, code deliveries; installation secrets',
    sql: [
      // No foreign key to users: names nobody holds are counted too, so that they are locked out as users are.
      `CREATE TABLE attempt_counters (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        kind TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_attempt_at BIGINT NOT NULL,
        forget_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, subject, kind)
      )`,
      `INSERT INTO attempt_counters (pool_id, subject, kind, attempts, last_attempt_at, forget_at)
        SELECT pool_id, username, factor, failures, last_failure_at, last_failure_at + 900000 FROM sign_in_failures`,
      `DROP TABLE sign_in_failures`,
      `CREATE INDEX attempt_counters_by_forget_time ON attempt_counters(forget_at)`,
      `CREATE TABLE installation_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 6,
    name: 'user pool groups and their members',
    sql: [
      `CREATE TABLE user_groups (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        group_name TEXT NOT NULL,
        description TEXT,
        role_arn TEXT,
        precedence BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, group_name)
      )`,
      // The primary key serves a group's members in username order; the second index a user's groups in name order.
      `CREATE TABLE group_members (
        pool_id TEXT NOT NULL,
        group_name TEXT NOT NULL,
        username TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, group_name, username),
        FOREIGN KEY (pool_id, group_name) REFERENCES user_groups(pool_id, group_name) ON DELETE CASCADE,
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE INDEX group_members_by_user ON group_members(pool_id, username, group_name)`,
    ],
  },
  {
    version: 7,
    name: 'up to two secrets per app client',
    sql: [
      // A JSON array of { id, value, createdAt }; the secret a client had becomes its first, with
      // Cognito's id form <client-id>--<creation time>.
      `ALTER TABLE clients ADD COLUMN client_secrets TEXT NOT NULL DEFAULT '[]'`,
      `UPDATE clients SET client_secrets = '[{"id":"' || client_id || '--' || CAST(created_at AS TEXT) || '","value":"' || client_secret
        || '","createdAt":' || CAST(created_at AS TEXT) || '}]' WHERE client_secret IS NOT NULL`,
      `ALTER TABLE clients DROP COLUMN client_secret`,
    ],
  },
  {
    version: 8,
    name: 'SAML signing key and certificate per pool',
    sql: [
      `CREATE TABLE saml_signing (
        pool_id TEXT PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE,
        private_key_pem TEXT NOT NULL,
        certificate TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 9,
    name: 'case-insensitive usernames',
    sql: [
      // NULL (pools with case-sensitive usernames) is never a duplicate, so the index binds only
      // pools whose usernames are case-insensitive.
      `ALTER TABLE users ADD COLUMN username_folded TEXT`,
      `CREATE UNIQUE INDEX users_by_folded_username ON users(pool_id, username_folded)`,
      // Users of such pools made before: folded unless another user of the pool differs only in case.
      `UPDATE users SET username_folded = lower(username)
        WHERE pool_id IN (SELECT id FROM pools WHERE settings LIKE '%"CaseSensitive":false%')
          AND NOT EXISTS (SELECT 1 FROM users other WHERE other.pool_id = users.pool_id
            AND lower(other.username) = lower(users.username) AND other.username <> users.username)`,
    ],
  },
  {
    version: 10,
    name: 'search index of users for ListUsers filters',
    sql: {
      sqlite: [userSearchTable('TEXT'), ...userSearchBackfill((name) => `json_extract(attributes, '$.${name}')`)],
      // Compared byte by byte, as on SQLite, so that a prefix is one range of the index whatever the database's locale.
      postgres: [userSearchTable('TEXT COLLATE "C"'), ...userSearchBackfill((name) => `(attributes::jsonb ->> '${name}')`)],
    },
  },
  {
    version: 11,
    name: 'remembered devices of users',
    sql: [
      // The primary key serves a user's devices in key order.
      `CREATE TABLE user_devices (
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        device_key TEXT NOT NULL,
        device_group_key TEXT NOT NULL,
        password_verifier TEXT NOT NULL,
        salt TEXT NOT NULL,
        device_name TEXT,
        status TEXT NOT NULL,
        last_ip_used TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        last_authenticated_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, username, device_key),
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE UNIQUE INDEX user_devices_by_key ON user_devices(pool_id, device_key)`,
    ],
  },
  {
    version: 12,
    name: 'software tokens (TOTP) of users, and the device of each sign-in',
    sql: [
      // secret is the verified authenticator's key, pending_secret one AssociateSoftwareToken gave
      // that VerifySoftwareToken has not confirmed yet; last_used_step is the TOTP time step of the
      // last code accepted, so that no code is accepted twice. Both keys are sealed under the key
      // encryption key when one is set.
      `CREATE TABLE software_tokens (
        pool_id TEXT NOT NULL,
        username TEXT NOT NULL,
        secret TEXT,
        pending_secret TEXT,
        friendly_name TEXT,
        last_used_step BIGINT,
        associated_at BIGINT NOT NULL,
        verified_at BIGINT,
        PRIMARY KEY (pool_id, username),
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      // The device key a sign-in's tokens carry (device_key claim), which refreshing must name.
      `ALTER TABLE token_families ADD COLUMN device_key TEXT`,
    ],
  },
  {
    version: 13,
    name: 'the triggers each auth event ran',
    // JSON: [{ trigger, source, ms, outcome }, ...] in the order they ran.
    sql: [`ALTER TABLE auth_events ADD COLUMN triggers TEXT`],
  },
  {
    version: 14,
    name: 'resource servers and their custom OAuth scopes',
    sql: [
      // scopes: JSON [{ ScopeName, ScopeDescription }, ...] in the order given.
      `CREATE TABLE resource_servers (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        identifier TEXT NOT NULL,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, identifier)
      )`,
    ],
  },
  {
    version: 15,
    name: 'the OAuth scopes of sign-ins made through a pool domain',
    // Space-separated; NULL for sign-ins through the API (aws.cognito.signin.user.admin).
    sql: [`ALTER TABLE token_families ADD COLUMN scopes TEXT`],
  },
  {
    version: 16,
    name: 'documents that style and accompany managed login: branding, classic UI customization, terms',
    sql: [
      // kind: branding | ui | terms. client_id '' is the pool's own; name is what is unique per
      // client beside the kind ('' where a client has one of the kind). body: the document, JSON.
      `CREATE TABLE pool_documents (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, kind, id),
        UNIQUE (pool_id, kind, client_id, name)
      )`,
    ],
  },
  {
    version: 17,
    name: 'user import jobs and the rows of their uploaded CSV files',
    sql: [
      // status: Created | Pending | InProgress | Stopping | Stopped | Expired | Failed | Succeeded.
      // upload_token_hash: SHA-256 of the pre-signed URL's token. uploaded: rows parsed from the CSV
      // (NULL until an upload completed). next_chunk: the first chunk not yet imported, moved in the
      // transaction that writes a chunk's users and counts, so a crash never leaves them apart.
      `CREATE TABLE user_import_jobs (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        job_id TEXT NOT NULL,
        job_name TEXT NOT NULL,
        role_arn TEXT NOT NULL,
        status TEXT NOT NULL,
        upload_token_hash TEXT NOT NULL,
        upload_expires_at BIGINT NOT NULL,
        uploaded BIGINT,
        next_chunk INTEGER NOT NULL DEFAULT 0,
        imported BIGINT NOT NULL DEFAULT 0,
        skipped BIGINT NOT NULL DEFAULT 0,
        failed BIGINT NOT NULL DEFAULT 0,
        lease_until BIGINT NOT NULL DEFAULT 0,
        completion_message TEXT,
        created_at BIGINT NOT NULL,
        started_at BIGINT,
        completed_at BIGINT,
        PRIMARY KEY (pool_id, job_id),
        UNIQUE (job_id)
      )`,
      // rows: JSON [[line, [field, ...]], ...], the parsed records of one slice of the CSV; chunk 0 holds the header.
      `CREATE TABLE user_import_chunks (
        job_id TEXT NOT NULL REFERENCES user_import_jobs(job_id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        rows TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      )`,
    ],
  },
  {
    version: 18,
    name: 'threat protection: the risk assessed for an auth event and the feedback given on it',
    // risk: JSON {decision, level?, compromised}; feedback: JSON {value, provider, at};
    // feedback_token_hash: SHA-256 of the token a risk notification carried.
    sql: [
      `ALTER TABLE auth_events ADD COLUMN risk TEXT`,
      `ALTER TABLE auth_events ADD COLUMN feedback TEXT`,
      `ALTER TABLE auth_events ADD COLUMN feedback_token_hash TEXT`,
    ],
  },
  {
    version: 19,
    name: 'provisioned request-rate limits of API categories (UpdateProvisionedLimit)',
    // One row per category whose limit was set; account-wide, so every node enforces the same rate.
    sql: [
      `CREATE TABLE provisioned_limits (
        category TEXT PRIMARY KEY,
        rps INTEGER NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 20,
    name: 'third-party identity providers of pools, and links of their users to users of the pool',
    sql: [
      // provider_type: SAML | OIDC | Facebook | Google | LoginWithAmazon | SignInWithApple. details,
      // attribute_mapping: JSON objects of strings; idp_identifiers: JSON array, as given.
      `CREATE TABLE identity_providers (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        provider_name TEXT NOT NULL,
        provider_type TEXT NOT NULL,
        details TEXT NOT NULL,
        attribute_mapping TEXT NOT NULL,
        idp_identifiers TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, provider_name)
      )`,
      // One row per IdpIdentifier: unique across the pool's providers.
      `CREATE TABLE identity_provider_identifiers (
        pool_id TEXT NOT NULL,
        identifier TEXT NOT NULL,
        provider_name TEXT NOT NULL,
        PRIMARY KEY (pool_id, identifier),
        FOREIGN KEY (pool_id, provider_name) REFERENCES identity_providers(pool_id, provider_name) ON DELETE CASCADE
      )`,
      `CREATE INDEX identity_provider_identifiers_by_provider ON identity_provider_identifiers(pool_id, provider_name)`,
      // A provider's user (by attribute_name = attribute_value: Cognito_Subject or a mapped attribute)
      // signs in as the pool's user `username`. Federated users themselves, <ProviderName>_<subject>
      // with status EXTERNAL_PROVIDER, are rows of users like any other.
      `CREATE TABLE provider_links (
        pool_id TEXT NOT NULL,
        provider_name TEXT NOT NULL,
        attribute_value TEXT NOT NULL,
        attribute_name TEXT NOT NULL,
        username TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (pool_id, provider_name, attribute_value),
        FOREIGN KEY (pool_id, provider_name) REFERENCES identity_providers(pool_id, provider_name) ON DELETE CASCADE,
        FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
      )`,
      `CREATE INDEX provider_links_by_user ON provider_links(pool_id, username)`,
    ],
  },
  {
    version: 21,
    name: 'changes to pools and app clients made known to other processes and nodes',
    sql: {
      // A number every change moves, read by other processes once SQLite's data_version tells them
      // that something was committed (src/store/sql/sqlite.ts).
      sqlite: [
        `CREATE TABLE kept_rows_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`,
        `INSERT INTO kept_rows_version (id, version) VALUES (1, 0)`,
        ...['pools', 'clients'].flatMap((table) =>
          ['INSERT', 'UPDATE', 'DELETE'].map(
            (change) =>
              `CREATE TRIGGER ${table}_${change.toLowerCase()}_moves_version AFTER ${change} ON ${table}
               BEGIN UPDATE kept_rows_version SET version = version + 1 WHERE id = 1; END`,
          ),
        ),
      ],
      // Announced at commit to every node that LISTENs (src/store/sql/postgres.ts), naming the schema.
      postgres: [
        `CREATE FUNCTION keypool_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           PERFORM pg_notify('${CHANGES_CHANNEL}', TG_TABLE_SCHEMA);
           RETURN NULL;
         END $$`,
        ...['pools', 'clients'].map(
          (table) => `CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION keypool_announce_change()`,
        ),
      ],
    },
  },
  {
    version: 22,
    name: "whether a pool has groups, made known as changes to pools are",
    sql: {
      sqlite: ['INSERT', 'DELETE'].map(
        (change) =>
          `CREATE TRIGGER user_groups_${change.toLowerCase()}_moves_version AFTER ${change} ON user_groups
           BEGIN UPDATE kept_rows_version SET version = version + 1 WHERE id = 1; END`,
      ),
      postgres: [`CREATE TRIGGER user_groups_changed AFTER INSERT OR DELETE ON user_groups FOR EACH STATEMENT EXECUTE FUNCTION keypool_announce_change()`],
    },
  },
];

function userSearchTable(valueType: string): string {
  return `CREATE TABLE user_search (
    pool_id TEXT NOT NULL,
    attribute TEXT NOT NULL,
    value ${valueType} NOT NULL,
    username TEXT NOT NULL,
    PRIMARY KEY (pool_id, attribute, value, username),
    FOREIGN KEY (pool_id, username) REFERENCES users(pool_id, username) ON DELETE CASCADE
  )`;
}

/** The rows of every existing user, as UserRepository writes them (SEARCHABLE_ATTRIBUTES). */
function userSearchBackfill(attribute: (name: string) => string): string[] {
  const insert = (name: string, value: string, where = 'TRUE') =>
    `INSERT INTO user_search (pool_id, attribute, value, username) SELECT pool_id, '${name}', ${value}, username FROM users WHERE ${where}`;
  return [
    insert('username', 'username'),
    insert('sub', 'sub'),
    insert('cognito:user_status', 'status'),
    insert('status', `CASE WHEN enabled = 1 THEN 'Enabled' ELSE 'Disabled' END`),
    ...SEARCHABLE_USER_ATTRIBUTES.map((name) => insert(name, attribute(name), `${attribute(name)} IS NOT NULL`)),
  ];
}

/**
 * Applies every migration not yet applied, each in its own transaction, under the driver's migration
 * lock (several nodes may start at once). Returns the versions applied.
 */
export function migrate(driver: SqlDriver, now: number): Promise<number[]> {
  return driver.withMigrationLock(() => applyPending(driver, now));
}

async function applyPending(driver: SqlDriver, now: number): Promise<number[]> {
  await driver.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
  );
  const applied = new Set((await driver.all<{ version: number }>(`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)));
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await driver.transaction(async (tx) => {
      for (const statement of statementsOf(migration, driver.dialect)) await tx.run(statement);
      await tx.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [
        migration.version,
        migration.name,
        now,
      ]);
    });
    done.push(migration.version);
  }
  return done;
}
