// The store contract (src/store/store.ts), run unchanged against SQLite and PostgreSQL. On
// PostgreSQL every concurrency case is raced across two independent drivers, as two nodes would.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  AuthEventRecord,
  AuthSessionRecord,
  ClientRecord,
  DeviceRecord,
  GroupRecord,
  IdentityProviderRecord,
  PasskeyRecord,
  PoolRecord,
  RefreshTokenRecord,
  RegistrationChallengeRecord,
  SigningKeyRecord,
  TokenFamilyRecord,
  UserRecord,
} from '../../src/store/records.js';
import type { SqlDriver } from '../../src/store/sql/driver.js';
import { PgDriver } from '../../src/store/sql/postgres.js';
import { migrate, migrations, statementsOf } from '../../src/store/sql/schema.js';
import { SqliteDriver } from '../../src/store/sql/sqlite.js';
import { SqlStore } from '../../src/store/sql/store.js';
import { StoreConflict, type Store, type UserSearch } from '../../src/store/store.js';
import { createTestSchema, testDatabaseUrl } from '../support/postgres.js';

const NOW = 1_760_000_000_000;
const MINUTE = 60_000;

interface Backend {
  /** The store under test and a second store on the same database (another node, on PostgreSQL). */
  store: Store;
  peer: Store;
  driver: SqlDriver;
  /** A fresh, unmigrated database of the same kind, for migration races. */
  fresh(): Promise<{ drivers: SqlDriver[]; dispose(): Promise<void> }>;
  dispose(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'keypool-store-'));
  const driver = new SqliteDriver(join(dir, 'keypool.sqlite'));
  const store = await SqlStore.open(driver, NOW);
  return {
    store,
    // better-sqlite3 is synchronous: a second connection in the same thread would wait on the
    // first's lock forever, so SQLite's "other node" is the same connection.
    peer: store,
    driver,
    fresh: async () => {
      const freshDir = mkdtempSync(join(tmpdir(), 'keypool-store-'));
      const drivers = [new SqliteDriver(join(freshDir, 'keypool.sqlite'))];
      return {
        drivers,
        dispose: async () => {
          await Promise.all(drivers.map((d) => d.close()));
          rmSync(freshDir, { recursive: true, force: true });
        },
      };
    },
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(baseUrl: string): Promise<Backend> {
  const schema = await createTestSchema(baseUrl);
  const driver = new PgDriver(schema.url, { poolSize: 6 });
  const store = await SqlStore.open(driver, NOW);
  const peer = await SqlStore.open(new PgDriver(schema.url, { poolSize: 6 }), NOW);
  return {
    store,
    peer,
    driver,
    fresh: async () => {
      const freshSchema = await createTestSchema(baseUrl);
      const drivers = [1, 2, 3].map(() => new PgDriver(freshSchema.url, { poolSize: 2 }));
      return {
        drivers,
        dispose: async () => {
          await Promise.all(drivers.map((d) => d.close()));
          await freshSchema.drop();
        },
      };
    },
    dispose: async () => {
      await Promise.all([store.close(), peer.close()]);
      await schema.drop();
    },
  };
}

// --- records ---------------------------------------------------------------------------------

const uid = () => randomUUID().slice(0, 8);

function poolRecord(id = `us-east-1_${uid()}`): PoolRecord {
  return { id, name: `pool-${id}`, settings: { MfaConfiguration: 'OFF' }, createdAt: NOW, updatedAt: NOW };
}

function keyRecord(poolId: string, use: SigningKeyRecord['use'], createdAt = NOW): SigningKeyRecord {
  const kid = `kid-${uid()}`;
  return { poolId, kid, use, privateKeyPem: `pem-${kid}`, publicJwk: { kid, alg: 'RS256', use: 'sig' }, createdAt };
}

function clientRecord(poolId: string, clientId = uid()): ClientRecord {
  return { poolId, clientId, clientName: `c-${clientId}`, clientSecrets: [{ id: `${clientId}--${NOW}`, value: 's3cret', createdAt: NOW }], settings: { RefreshTokenValidity: 30 }, createdAt: NOW, updatedAt: NOW };
}

function userRecord(poolId: string, username = `user-${uid()}`): UserRecord {
  return {
    poolId,
    username,
    sub: randomUUID(),
    status: 'CONFIRMED',
    enabled: true,
    attributes: { email: `${username}@example.com` },
    preferences: {},
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function groupRecord(poolId: string, groupName = `group-${uid()}`, more: Partial<GroupRecord> = {}): GroupRecord {
  return { poolId, groupName, createdAt: NOW, updatedAt: NOW, ...more };
}

function providerRecord(poolId: string, providerName = `Idp${uid()}`, idpIdentifiers: string[] = []): IdentityProviderRecord {
  return { poolId, providerName, providerType: 'OIDC', details: { client_id: 'c' }, attributeMapping: { username: 'sub' }, idpIdentifiers, createdAt: NOW, updatedAt: NOW };
}

function sessionRecord(user: UserRecord, expiresAt = NOW + 3 * MINUTE): AuthSessionRecord {
  return {
    id: randomUUID(),
    poolId: user.poolId,
    clientId: 'client',
    username: user.username,
    challengeName: 'WEB_AUTHN',
    data: { flow: 'USER_AUTH', name: user.username, challenge: 'Y2hhbGxlbmdl', rpId: 'example.com', userVerification: 'required' },
    createdAt: NOW,
    expiresAt,
  };
}

function challengeRecord(user: UserRecord, expiresAt = NOW + 5 * MINUTE): RegistrationChallengeRecord {
  return {
    challenge: randomUUID(),
    poolId: user.poolId,
    username: user.username,
    clientId: 'client',
    rpId: 'localhost',
    userVerification: 'preferred',
    createdAt: NOW,
    expiresAt,
  };
}

function passkeyRecord(user: UserRecord, credentialId = `cred-${uid()}`): PasskeyRecord {
  return {
    credentialId,
    poolId: user.poolId,
    username: user.username,
    publicKey: 'pQECAyYgASFY',
    algorithm: -7,
    signCount: 0,
    transports: ['internal', 'hybrid'],
    attachment: 'platform',
    aaguid: '00000000-0000-0000-0000-000000000000',
    attestationFormat: 'none',
    backupEligible: true,
    backedUp: false,
    userVerified: true,
    rpId: 'localhost',
    createdAt: NOW,
  };
}

function family(user: UserRecord): { family: TokenFamilyRecord; refresh: RefreshTokenRecord; holder: string } {
  const originJti = randomUUID();
  return {
    holder: user.sub,
    family: { originJti, poolId: user.poolId, clientId: 'client', username: user.username, authTime: NOW, createdAt: NOW },
    refresh: {
      tokenHash: `hash-${uid()}`,
      originJti,
      poolId: user.poolId,
      clientId: 'client',
      username: user.username,
      createdAt: NOW,
      expiresAt: NOW + 30 * 24 * 60 * MINUTE,
    },
  };
}

/** A record as a plain value: members left undefined are dropped on either side of a comparison. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

async function conflictOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof StoreConflict) return error.what;
    throw error;
  }
  assert.fail('expected a StoreConflict');
}

/** Applies the migrations older than `version` only, as a database of an earlier release has them. */
async function migrateBefore(db: SqlDriver, version: number): Promise<void> {
  await db.run(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
  for (const migration of migrations.filter((m) => m.version < version)) {
    for (const statement of statementsOf(migration, db.dialect)) await db.run(statement);
    await db.run(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [migration.version, migration.name, NOW]);
  }
}

/** Runs `count` calls split between the two stores, all at once, and settles them all. */
function race<T>(b: Backend, count: number, call: (store: Store, i: number) => Promise<T>) {
  return Promise.allSettled(Array.from({ length: count }, (_, i) => call(i % 2 === 0 ? b.store : b.peer, i)));
}

// --- the suite ---------------------------------------------------------------------------------

function contract(kind: string, open: () => Promise<Backend>, skip?: string) {
  describe(`store contract on ${kind}`, { skip }, () => {
    let b: Backend;
    let pool: PoolRecord;
    before(async () => {
      b = await open();
      pool = poolRecord();
      await b.store.pools.create(pool, [keyRecord(pool.id, 'id'), keyRecord(pool.id, 'access')]);
    });
    after(() => b?.dispose());

    const newUser = async (username?: string) => {
      const user = userRecord(pool.id, username);
      await b.store.users.create(user, []);
      return user;
    };

    describe('driver', () => {
      it('reads BIGINT, COUNT(*) and comparisons as numbers, and round-trips epoch milliseconds', async () => {
        const row = await b.driver.get(`SELECT COUNT(*) AS n, 1 < 2 AS yes, 1 > 2 AS no, ? AS big FROM pools`, [
          Date.UTC(2200, 0, 1),
        ]);
        assert.equal(typeof row!.n, 'number');
        assert.ok((row!.n as number) >= 1);
        assert.equal(row!.yes, 1);
        assert.equal(row!.no, 0);
        assert.equal(Number(row!.big), Date.UTC(2200, 0, 1));
        const stored = await b.store.pools.get(pool.id);
        assert.equal(stored!.createdAt, NOW);
        assert.equal(typeof stored!.createdAt, 'number');
      });

      it('run counts changed rows, with RETURNING too, and none for a SELECT', async () => {
        const user = await newUser();
        assert.equal(await b.driver.run(`SELECT * FROM users WHERE pool_id = ?`, [pool.id]), 0);
        assert.equal(await b.driver.run(`UPDATE users SET updated_at = ? WHERE pool_id = ? AND username = ?`, [NOW + 1, pool.id, user.username]), 1);
        assert.equal(
          await b.driver.run(`UPDATE users SET updated_at = ? WHERE pool_id = ? AND username = ? RETURNING username`, [NOW + 2, pool.id, user.username]),
          1,
        );
        assert.equal(await b.driver.run(`DELETE FROM users WHERE pool_id = ? AND username = ?`, [pool.id, 'nobody']), 0);
      });

      it('rolls a failed transaction back entirely', async () => {
        const username = `tx-${uid()}`;
        await assert.rejects(
          b.driver.transaction(async (tx) => {
            await tx.run(
              `INSERT INTO users (pool_id, username, sub, status, enabled, attributes, password, preferences, created_at, updated_at)
               VALUES (?, ?, ?, 'CONFIRMED', 1, '{}', NULL, '{}', ?, ?)`,
              [pool.id, username, randomUUID(), NOW, NOW],
            );
            throw new Error('abandon');
          }),
          /abandon/,
        );
        assert.equal(await b.store.users.get(pool.id, username), undefined);
      });

      it('reports unique violations as such, and other errors not', async () => {
        const error = await b.driver.run(`INSERT INTO pools (id, name, settings, created_at, updated_at) VALUES (?, 'x', '{}', 0, 0)`, [pool.id]).catch((e: unknown) => e);
        assert.equal(b.driver.isUniqueViolation(error), true);
        const other = await b.driver.run(`SELECT nothing FROM nowhere`).catch((e: unknown) => e);
        assert.ok(other instanceof Error);
        assert.equal(b.driver.isUniqueViolation(other), false);
      });

      it('gives each of many concurrent writes its own outcome', async () => {
        const taken = await newUser();
        const insert = `INSERT INTO users (pool_id, username, sub, status, enabled, attributes, password, preferences, created_at, updated_at)
          VALUES (?, ?, ?, 'CONFIRMED', 1, '{}', NULL, '{}', ?, ?)`;
        const names = Array.from({ length: 12 }, (_, i) => (i === 5 ? taken.username : `batch-${i}-${uid()}`));
        const outcomes = await Promise.allSettled(names.map((name) => b.driver.run(insert, [pool.id, name, randomUUID(), NOW, NOW])));
        outcomes.forEach((outcome, i) => {
          if (i === 5) assert.ok(outcome.status === 'rejected' && b.driver.isUniqueViolation(outcome.reason));
          else assert.deepEqual(outcome, { status: 'fulfilled', value: 1 });
        });
        for (const [i, name] of names.entries()) {
          const stored = await b.store.users.get(pool.id, name);
          assert.ok(stored, name);
          if (i === 5) assert.equal(stored.sub, taken.sub);
        }
      });

      it('migrates once, even when several nodes start at once', async () => {
        assert.deepEqual(await migrate(b.driver, NOW), []);
        const fresh = await b.fresh();
        try {
          const applied = await Promise.all(fresh.drivers.map((d) => migrate(d, NOW)));
          assert.deepEqual(applied.flat().sort(), migrations.map((m) => m.version).sort());
          const versions = await fresh.drivers[0]!.all(`SELECT version FROM schema_migrations ORDER BY version`);
          assert.deepEqual(versions.map((r) => Number(r.version)), migrations.map((m) => m.version));
        } finally {
          await fresh.dispose();
        }
      });

      it('carries a client\'s one secret over into its list of secrets', async () => {
        const fresh = await b.fresh();
        try {
          const db = fresh.drivers[0]!;
          await migrateBefore(db, 7);
          await db.run(`INSERT INTO pools (id, name, settings, created_at, updated_at) VALUES ('us-east-1_old', 'old', '{}', ?, ?)`, [NOW, NOW]);
          const insertClient = `INSERT INTO clients (client_id, pool_id, client_name, client_secret, settings, created_at, updated_at) VALUES (?, 'us-east-1_old', 'c', ?, '{}', ?, ?)`;
          await db.run(insertClient, ['confidential', 'abc123secret', NOW, NOW]);
          await db.run(insertClient, ['public', null, NOW, NOW]);
          assert.deepEqual(await migrate(db, NOW), migrations.filter((m) => m.version >= 7).map((m) => m.version));
          const store = await SqlStore.open(db, NOW);
          assert.deepEqual((await store.clients.get('confidential'))!.clientSecrets, [{ id: `confidential--${NOW}`, value: 'abc123secret', createdAt: NOW }]);
          assert.deepEqual((await store.clients.get('public'))!.clientSecrets, []);
        } finally {
          await fresh.dispose();
        }
      });

      it('folds the usernames of case-insensitive pools made before, unless two differ only in case', async () => {
        const fresh = await b.fresh();
        try {
          const db = fresh.drivers[0]!;
          await migrateBefore(db, 9);
          const insertPool = `INSERT INTO pools (id, name, settings, created_at, updated_at) VALUES (?, 'p', ?, ?, ?)`;
          await db.run(insertPool, ['us-east-1_insensitive', JSON.stringify({ UsernameConfiguration: { CaseSensitive: false } }), NOW, NOW]);
          await db.run(insertPool, ['us-east-1_sensitive', JSON.stringify({ UsernameConfiguration: { CaseSensitive: true } }), NOW, NOW]);
          const insertUser = `INSERT INTO users (pool_id, username, sub, status, enabled, attributes, preferences, created_at, updated_at)
            VALUES (?, ?, ?, 'CONFIRMED', 1, '{}', '{}', ?, ?)`;
          for (const [poolId, username] of [['us-east-1_insensitive', 'Alice'], ['us-east-1_insensitive', 'Bob'], ['us-east-1_insensitive', 'BOB'], ['us-east-1_sensitive', 'Carol']]) {
            await db.run(insertUser, [poolId!, username!, randomUUID(), NOW, NOW]);
          }
          await db.run(`UPDATE users SET attributes = '{"email":"carol@example.com","name":"Carol C"}' WHERE username = 'Carol'`);
          await migrate(db, NOW);
          const store = await SqlStore.open(db, NOW);
          assert.equal((await store.users.findByFoldedUsername('us-east-1_insensitive', 'alice'))?.username, 'Alice');
          assert.equal(await store.users.findByFoldedUsername('us-east-1_insensitive', 'bob'), undefined);
          assert.equal((await store.users.get('us-east-1_sensitive', 'Carol'))!.foldedUsername, undefined);
          // The search index was filled for users made before it.
          const found = (search: UserSearch, poolId = 'us-east-1_sensitive') => store.users.search(poolId, search, 10).then((p) => p.items.map((u) => u.username));
          assert.deepEqual(await found({ attribute: 'username', value: 'B', prefix: true }, 'us-east-1_insensitive'), ['BOB', 'Bob']);
          assert.deepEqual(await found({ attribute: 'email', value: 'carol@example.com', prefix: false }), ['Carol']);
          assert.deepEqual(await found({ attribute: 'name', value: 'Carol', prefix: true }), ['Carol']);
          assert.deepEqual(await found({ attribute: 'status', value: 'Enabled', prefix: false }), ['Carol']);
          assert.deepEqual(await found({ attribute: 'cognito:user_status', value: 'CONFIRMED', prefix: false }), ['Carol']);
          const user = { ...userRecord('us-east-1_insensitive', 'ALICE'), foldedUsername: 'alice' };
          assert.equal(await conflictOf(store.users.create(user, [])), 'username');
        } finally {
          await fresh.dispose();
        }
      });
    });

    describe('pools, clients, domains, keys', () => {
      it('creates, reads, pages, updates and counts pools', async () => {
        const extra = [poolRecord(`us-east-1_zz${uid()}a`), poolRecord(`us-east-1_zz${uid()}b`)];
        for (const p of extra) await b.store.pools.create(p, []);
        const all: string[] = [];
        let after: string | undefined;
        do {
          const page = await b.store.pools.list(1, after);
          all.push(...page.items.map((p) => p.id));
          after = page.next;
        } while (after);
        assert.deepEqual(all, [...all].sort());
        for (const p of extra) assert.ok(all.includes(p.id));
        assert.equal(await b.store.pools.update({ ...extra[0]!, name: 'renamed', updatedAt: NOW + 5 }), true);
        const updated = await b.store.pools.get(extra[0]!.id);
        assert.equal(updated!.name, 'renamed');
        assert.equal(updated!.updatedAt, NOW + 5);
        assert.deepEqual(updated!.settings, { MfaConfiguration: 'OFF' });
        assert.equal(await b.store.pools.update(poolRecord('us-east-1_missing')), false);
        await assert.rejects(b.store.pools.create(extra[1]!, []));
        assert.equal(await b.store.pools.countUsers(extra[1]!.id), 0);
      });

      it('keeps clients per pool', async () => {
        const c1 = clientRecord(pool.id, `a${uid()}`);
        const c2 = clientRecord(pool.id, `b${uid()}`);
        await b.store.clients.create(c1);
        await b.store.clients.create({ ...c2, clientSecrets: [] });
        assert.deepEqual(await b.store.clients.get(c1.clientId), c1);
        assert.deepEqual((await b.store.clients.get(c2.clientId))!.clientSecrets, []);
        const first = await b.store.clients.list(pool.id, 1);
        assert.equal(first.items.length, 1);
        assert.ok(first.next);
        assert.equal(await b.store.clients.update({ ...c1, clientName: 'new' }), true);
        assert.equal((await b.store.clients.get(c1.clientId))!.clientName, 'new');
        assert.equal(await b.store.clients.update({ ...c1, poolId: 'us-east-1_other' }), false);
        assert.equal(await b.store.clients.delete('us-east-1_other', c1.clientId), false);
        assert.equal(await b.store.clients.delete(pool.id, c1.clientId), true);
        assert.equal(await b.store.clients.get(c1.clientId), undefined);
      });

      it('keeps at most two secrets of a client, even when many are added at once, and never deletes the last', async () => {
        const c = clientRecord(pool.id);
        await b.store.clients.create(c);
        const secret = (i: number) => ({ id: `${c.clientId}--${NOW + 1 + i}`, value: `secret-${i}`, createdAt: NOW + 1 + i });
        const results = await race(b, 10, (s, i) => s.clients.addSecret(pool.id, c.clientId, secret(i), 2));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'limit');
        const secrets = (await b.store.clients.get(c.clientId))!.clientSecrets;
        assert.equal(secrets.length, 2);
        assert.deepEqual(secrets[0], c.clientSecrets[0]);
        assert.equal(await b.store.clients.deleteSecret(pool.id, c.clientId, 'nope'), 'no-secret');
        assert.equal(await b.store.clients.deleteSecret(pool.id, c.clientId, secrets[0]!.id), 'deleted');
        assert.equal(await b.store.clients.deleteSecret(pool.id, c.clientId, secrets[1]!.id), 'last');
        assert.deepEqual((await b.store.clients.get(c.clientId))!.clientSecrets, [secrets[1]]);
        assert.equal(await b.store.clients.addSecret(pool.id, c.clientId, secrets[1]!, 2).catch((e: StoreConflict) => e.what), 'secret');
        assert.equal(await b.store.clients.addSecret('us-east-1_other', c.clientId, secret(20), 2), false);
        assert.equal(await b.store.clients.deleteSecret('us-east-1_other', c.clientId, secrets[1]!.id), 'no-client');
      });

      it('gives a domain to one pool only, even when two ask at once', async () => {
        const domain = `d-${uid()}`;
        const results = await race(b, 10, (s) => s.domains.create({ domain, poolId: pool.id, custom: false, createdAt: NOW }));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'domain');
        assert.deepEqual(await b.store.domains.get(domain), { domain, poolId: pool.id, custom: false, certificateArn: undefined, managedLoginVersion: undefined, createdAt: NOW });
        assert.ok((await b.store.domains.listForPool(pool.id)).some((d) => d.domain === domain));
        assert.equal(await b.store.domains.delete(domain), true);
        assert.equal(await b.store.domains.delete(domain), false);
      });

      it('changes a pool\'s settings from two nodes at once without losing a change; a throwing change changes nothing', async () => {
        const p = poolRecord();
        await b.store.pools.create(p, []);
        const tag = (i: number) => (settings: PoolRecord['settings']) => ({ ...settings, UserPoolTags: { ...settings.UserPoolTags, [`t${i}`]: String(i) } });
        await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? b.peer : b.store).pools.changeSettings(p.id, tag(i))));
        const tagged = (await b.store.pools.get(p.id))!;
        assert.equal(Object.keys(tagged.settings.UserPoolTags ?? {}).length, 12);
        assert.equal(tagged.updatedAt, p.updatedAt);
        await assert.rejects(
          b.store.pools.changeSettings(p.id, () => {
            throw new Error('refused');
          }),
          /refused/,
        );
        assert.deepEqual((await b.store.pools.get(p.id))!.settings, tagged.settings);
        assert.equal(await b.store.pools.changeSettings(p.id, (settings) => settings, NOW + 5), true);
        assert.equal((await b.store.pools.get(p.id))!.updatedAt, NOW + 5);
        assert.equal(await b.store.pools.changeSettings(`us-east-1_${uid()}`, (settings) => settings), false);
      });

      it('rotates keys so that exactly one stays active per use, even under concurrent rotation', async () => {
        const p = poolRecord();
        await b.store.pools.create(p, [keyRecord(p.id, 'id'), keyRecord(p.id, 'access')]);
        await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? b.peer : b.store).keys.rotate(keyRecord(p.id, 'access', NOW + 1 + i))));
        const keys = await b.store.keys.listForPool(p.id);
        assert.equal(keys.length, 8);
        assert.equal(keys.filter((k) => k.use === 'access' && k.retiredAt === undefined).length, 1);
        assert.equal(keys.filter((k) => k.use === 'id' && k.retiredAt === undefined).length, 1);
        assert.deepEqual(keys.map((k) => k.createdAt), [...keys.map((k) => k.createdAt)].sort((x, y) => x - y));
      });
    });

    describe('users', () => {
      it('creates a user with aliases and finds them by username, sub and alias (email case-insensitively)', async () => {
        const user = userRecord(pool.id);
        user.password = { hash: 'scrypt$x', srpSalt: 'aa', srpVerifier: 'bb', temporary: false, setAt: NOW };
        await b.store.users.create(user, [
          { kind: 'email', value: `Mixed.${user.username}@Example.com` },
          { kind: 'preferred_username', value: `pref-${user.username}` },
        ]);
        assert.deepEqual(await b.store.users.get(pool.id, user.username), user);
        assert.deepEqual(await b.store.users.getBySub(pool.id, user.sub), user);
        const byEmail = await b.store.users.findByAlias(pool.id, { kind: 'email', value: `mixed.${user.username}@example.COM` });
        assert.equal(byEmail!.username, user.username);
        assert.equal(await b.store.users.findByAlias(pool.id, { kind: 'preferred_username', value: `PREF-${user.username}` }), undefined);
        assert.deepEqual((await b.store.users.aliasesOf(pool.id, user.username)).map((a) => a.kind), ['email', 'preferred_username']);
      });

      it('takes a username once, even when many create it at once', async () => {
        const username = `same-${uid()}`;
        const results = await race(b, 12, (s) => s.users.create(userRecord(pool.id, username), []));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'username');
      });

      it('takes an alias once, even when different users claim it at once', async () => {
        const email = `shared-${uid()}@example.com`;
        const results = await race(b, 12, (s) => s.users.create(userRecord(pool.id), [{ kind: 'email', value: email }]));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'alias:email');
        const later = await newUser();
        assert.equal(await conflictOf(b.store.users.update(later, [{ kind: 'email', value: email.toUpperCase() }])), 'alias:email');
      });

      it('updates mutable fields and the alias set; false for a user that is gone', async () => {
        const user = await newUser();
        const changed: UserRecord = { ...user, status: 'FORCE_CHANGE_PASSWORD', enabled: false, attributes: { email: 'n@example.com', name: 'N' }, preferences: { preferredMfa: 'EMAIL_OTP' }, updatedAt: NOW + 9 };
        assert.equal(await b.store.users.update(changed, [{ kind: 'email', value: `n-${user.username}@example.com` }]), true);
        assert.deepEqual(plain(await b.store.users.get(pool.id, user.username)), plain(changed));
        assert.equal((await b.store.users.aliasesOf(pool.id, user.username))[0]!.value, `n-${user.username}@example.com`);
        assert.equal(await b.store.users.update(changed), true);
        assert.equal((await b.store.users.aliasesOf(pool.id, user.username)).length, 1, 'aliases untouched without a new set');
        assert.equal(await b.store.users.update({ ...changed, username: 'ghost' }), false);
      });

      it('lists users in username order, page by page', async () => {
        const p = poolRecord();
        await b.store.pools.create(p, []);
        const names = ['b-user', 'A-user', 'c-user', 'a-user'];
        for (const n of names) await b.store.users.create(userRecord(p.id, n), []);
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = await b.store.users.list(p.id, 3, after);
          seen.push(...page.items.map((u) => u.username));
          after = page.next;
        } while (after);
        assert.deepEqual(seen, ['A-user', 'a-user', 'b-user', 'c-user']);
        assert.equal(await b.store.pools.countUsers(p.id), 4);
      });

      it('searches users by exact value and by prefix, page by page, from an index kept with every write', async () => {
        const p = poolRecord();
        await b.store.pools.create(p, []);
        const emails = ['ann@example.com', 'andy@example.org', 'bea@example.com', 'an@x.io', 'ann@example.com'];
        for (const [i, email] of emails.entries()) {
          await b.store.users.create({ ...userRecord(p.id, `user-${i}`), attributes: { email, given_name: i % 2 ? 'Odd' : 'Even' } }, []);
        }
        const all = async (search: UserSearch, pageSize = 2) => {
          const seen: string[] = [];
          let after: string | undefined;
          do {
            const page = await b.store.users.search(p.id, search, pageSize, after);
            seen.push(...page.items.map((u) => u.username));
            after = page.next;
          } while (after);
          return seen;
        };
        assert.deepEqual(await all({ attribute: 'email', value: 'ann@example.com', prefix: false }), ['user-0', 'user-4']);
        assert.deepEqual(await all({ attribute: 'email', value: 'an', prefix: true }), ['user-3', 'user-1', 'user-0', 'user-4']);
        assert.deepEqual(await all({ attribute: 'email', value: 'an', prefix: true }, 1), ['user-3', 'user-1', 'user-0', 'user-4']);
        assert.deepEqual(await all({ attribute: 'email', value: 'AN', prefix: true }), []);
        assert.deepEqual(await all({ attribute: 'given_name', value: 'Odd', prefix: false }), ['user-1', 'user-3']);
        assert.deepEqual(await all({ attribute: 'username', value: 'user-', prefix: true }, 3), ['user-0', 'user-1', 'user-2', 'user-3', 'user-4']);
        assert.deepEqual(await all({ attribute: 'status', value: 'Enabled', prefix: false }), ['user-0', 'user-1', 'user-2', 'user-3', 'user-4']);
        // Writes move the user in the index: a new email, a disabled user, a deleted one.
        const user = (await b.store.users.get(p.id, 'user-0'))!;
        await b.store.users.update({ ...user, enabled: false, attributes: { ...user.attributes, email: 'zed@example.com' } });
        await b.store.users.delete(p.id, 'user-4');
        assert.deepEqual(await all({ attribute: 'email', value: 'ann@', prefix: true }), []);
        assert.deepEqual(await all({ attribute: 'email', value: 'z', prefix: true }), ['user-0']);
        assert.deepEqual(await all({ attribute: 'status', value: 'Disabled', prefix: false }), ['user-0']);
        assert.deepEqual(await all({ attribute: 'sub', value: user.sub, prefix: false }), ['user-0']);
        if (b.store.kind === 'sqlite') {
          const plan = await b.driver.all(
            `EXPLAIN QUERY PLAN SELECT u.* FROM user_search s JOIN users u ON u.pool_id = s.pool_id AND u.username = s.username
             WHERE s.pool_id = ? AND s.attribute = ? AND s.value >= ? AND s.value < ? ORDER BY s.value, s.username LIMIT 3`,
            [p.id, 'email', 'an', 'an\u{10FFFF}'],
          );
          const steps = plan.map((r) => String(r.detail)).join('; ');
          assert.match(steps, /SEARCH s USING (COVERING )?INDEX sqlite_autoindex_user_search_1 \(pool_id=\? AND attribute=\? AND value>\? AND value<\?\)/);
          assert.doesNotMatch(steps, /SCAN|TEMP B-TREE/);
        }
      });

      it('deletes a user with everything that hangs off them', async () => {
        const user = await newUser();
        const f = family(user);
        await b.store.tokens.createFamily(f.family, f.refresh, f.holder);
        const session = sessionRecord(user);
        await b.store.sessions.create(session);
        const challenge = challengeRecord(user);
        await b.store.passkeys.createChallenge(challenge);
        const passkey = passkeyRecord(user);
        await b.store.passkeys.insert(passkey, 20);
        await b.store.codes.put({ poolId: pool.id, username: user.username, purpose: 'SIGN_UP', codeHash: 'h', expiresAt: NOW + MINUTE, attempts: 0 });
        await b.store.users.update(user, [{ kind: 'email', value: `gone-${user.username}@example.com` }]);

        assert.equal(await b.store.users.delete(pool.id, user.username), true);
        assert.equal(await b.store.users.delete(pool.id, user.username), false);
        assert.equal(await b.store.users.get(pool.id, user.username), undefined);
        assert.equal(await b.store.tokens.getFamily(f.family.originJti), undefined);
        assert.equal(await b.store.tokens.getRefresh(f.refresh.tokenHash), undefined);
        assert.deepEqual(await b.store.sessions.consume(session.id, NOW), { outcome: 'unknown' });
        assert.deepEqual(await b.store.passkeys.consumeChallenge(challenge.challenge, NOW), { outcome: 'unknown' });
        assert.equal(await b.store.passkeys.get(passkey.credentialId), undefined);
        assert.equal(await b.store.codes.get(pool.id, user.username, 'SIGN_UP'), undefined);
        assert.equal(await b.store.users.findByAlias(pool.id, { kind: 'email', value: `gone-${user.username}@example.com` }), undefined);
        // The name and alias are free again.
        await b.store.users.create(userRecord(pool.id, user.username), [{ kind: 'email', value: `gone-${user.username}@example.com` }]);
      });
    });

    describe('auth events', () => {
      it('records the events of concurrent requests, each with its own outcome', async () => {
        const user = await newUser();
        const event = (i: number, poolId = pool.id): AuthEventRecord => ({
          id: `${String(NOW + i).padStart(13, '0')}-${uid()}`,
          poolId,
          username: user.username,
          eventType: 'SignIn',
          operation: 'InitiateAuth',
          outcome: i % 2 ? 'Pass' : 'Fail',
          sourceIp: '127.0.0.1',
          userAgent: 'test',
          createdAt: NOW + i,
          ...(i === 3 ? { triggers: [{ trigger: 'PreAuthentication', source: 'PreAuthentication_Authentication', outcome: 'ok', ms: 1 }] } : {}),
        });
        const events = Array.from({ length: 40 }, (_, i) => event(i));
        // One event of a pool that does not exist cannot be kept; the others, recorded at once, are.
        const outcomes = await Promise.allSettled([...events.map((e) => b.store.events.add(e)), b.store.events.add(event(99, `us-east-1_${uid()}`))]);
        assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 40);
        assert.equal(outcomes[40]!.status, 'rejected');
        const listed = await b.store.events.list({ poolId: pool.id, username: user.username, limit: 100 });
        assert.deepEqual(
          listed.items.map((e) => e.id),
          events.map((e) => e.id).reverse(),
        );
        assert.deepEqual(plain(await b.store.events.get(events[3]!.id)), plain(events[3]));
      });
    });

    describe('tokens and sessions', () => {
      it('keeps token families and revokes one sign-in or all of a user', async () => {
        const user = await newUser();
        const a = family(user);
        const c = family(user);
        await b.store.tokens.createFamily(a.family, a.refresh, a.holder);
        await b.store.tokens.createFamily(c.family, c.refresh, c.holder);
        assert.deepEqual(plain(await b.store.tokens.getFamily(a.family.originJti)), plain(a.family));
        const onDevice = family(user);
        await b.store.tokens.createFamily({ ...onDevice.family, deviceKey: 'us-east-1_device' }, onDevice.refresh, onDevice.holder);
        assert.equal((await b.store.tokens.getFamily(onDevice.family.originJti))!.deviceKey, 'us-east-1_device');
        assert.deepEqual(plain(await b.store.tokens.getRefresh(a.refresh.tokenHash)), plain(a.refresh));
        assert.equal(await b.store.tokens.revokeFamily(a.family.originJti, NOW + 1), true);
        assert.equal(await b.store.tokens.revokeFamily(a.family.originJti, NOW + 2), false);
        assert.equal((await b.store.tokens.getFamily(a.family.originJti))!.revokedAt, NOW + 1);
        await b.store.tokens.revokeUser(pool.id, user.username, NOW + 3);
        assert.equal((await b.store.tokens.getFamily(c.family.originJti))!.revokedAt, NOW + 3);
        assert.equal((await b.store.tokens.getFamily(a.family.originJti))!.revokedAt, NOW + 1);
      });

      it('stores a sign-in only for its user as they are: the same sub, enabled', async () => {
        const refused = async (f: ReturnType<typeof family>, holder = f.holder) => {
          assert.equal(await b.store.tokens.createFamily(f.family, f.refresh, holder), false);
          assert.equal(await b.store.tokens.getFamily(f.family.originJti), undefined);
          assert.equal(await b.store.tokens.getRefresh(f.refresh.tokenHash), undefined);
        };
        const user = await newUser();
        await refused(family(user), 'another-sub');
        await refused(family({ ...user, username: `missing-${uid()}` }));
        await b.store.users.update({ ...user, enabled: false });
        await refused(family(user));
        await b.store.users.update({ ...user, enabled: true });
        const f = family(user);
        assert.equal(await b.store.tokens.createFamily(f.family, f.refresh, f.holder), true);
        assert.equal((await b.store.tokens.getRefresh(f.refresh.tokenHash))?.originJti, f.family.originJti);
      });

      it('stores the sign-ins of concurrent requests, each refused alone', async () => {
        const [kept, other, disabled] = await Promise.all([newUser(), newUser(), newUser()]);
        await b.store.users.update({ ...disabled, enabled: false });
        const existing = family(kept);
        await b.store.tokens.createFamily(existing.family, existing.refresh, existing.holder);
        const asked = [
          ...Array.from({ length: 4 }, () => family(kept)),
          { ...family(other), holder: 'another-sub' },
          family(disabled),
          family({ ...other, username: `missing-${uid()}` }),
          family(other),
        ];
        // A family whose id is taken fails the statement it shares: it fails alone, the other is stored.
        const taken = { ...family(other), family: { ...family(other).family, originJti: existing.family.originJti } };
        const clashing = [family(other), taken];
        const create = (f: ReturnType<typeof family>) => b.store.tokens.createFamily(f.family, f.refresh, f.holder);
        const [outcomes, clashes] = await Promise.all([Promise.allSettled(asked.map(create)), new Promise((resolve) => setImmediate(resolve)).then(() => Promise.allSettled(clashing.map(create)))]);
        assert.deepEqual(
          [...outcomes, ...clashes].map((o) => (o.status === 'fulfilled' ? o.value : 'error')),
          [true, true, true, true, false, false, false, true, true, 'error'],
        );
        for (const [i, f] of [...asked, ...clashing].entries()) {
          const outcome = [...outcomes, ...clashes][i]!;
          const stored = outcome.status === 'fulfilled' && outcome.value;
          const refresh = await b.store.tokens.getRefresh(f.refresh.tokenHash);
          if (!stored) assert.equal(refresh, undefined);
          else {
            assert.deepEqual(plain(refresh), plain(f.refresh));
            assert.deepEqual(plain(await b.store.tokens.getFamily(f.family.originJti)), plain(f.family));
          }
        }
        assert.deepEqual(plain(await b.store.tokens.getFamily(existing.family.originJti)), plain(existing.family));
      });

      it('reads a sign-in and its user together, either missing', async () => {
        const user = await newUser();
        const f = family(user);
        await b.store.tokens.createFamily({ ...f.family, deviceKey: 'us-east-1_device', scopes: ['openid', 'email'] }, f.refresh, f.holder);
        const both = await b.store.tokens.getFamilyAndUser(f.family.originJti, pool.id, user.username);
        assert.deepEqual(plain(both.family), plain(await b.store.tokens.getFamily(f.family.originJti)));
        assert.deepEqual(plain(both.user), plain(await b.store.users.get(pool.id, user.username)));
        const noFamily = await b.store.tokens.getFamilyAndUser(`missing-${uid()}`, pool.id, user.username);
        assert.equal(noFamily.family, undefined);
        assert.deepEqual(plain(noFamily.user), plain(both.user));
        const noUser = await b.store.tokens.getFamilyAndUser(f.family.originJti, pool.id, `missing-${uid()}`);
        assert.deepEqual(plain(noUser.family), plain(both.family));
        assert.equal(noUser.user, undefined);
        assert.deepEqual(await b.store.tokens.getFamilyAndUser(`missing-${uid()}`, pool.id, `missing-${uid()}`), { family: undefined, user: undefined });
      });

      it('answers each of many concurrent user and passkey reads with its own, by user and by credential', async () => {
        const users = await Promise.all(Array.from({ length: 9 }, () => newUser()));
        // Users with no, one and two passkeys; of two, the one inserted second was created first.
        const owned = users.map((u, i) => Array.from({ length: i % 3 }, (_, k) => ({ ...passkeyRecord(u), createdAt: NOW + 10 - k })));
        for (const passkey of owned.flat()) await b.store.passkeys.insert(passkey, 20);
        const names = users.map((u, i) => (i === 4 ? `missing-${uid()}` : u.username));
        const [found, listed] = await Promise.all([
          Promise.all(names.map((name) => b.store.users.get(pool.id, name))),
          Promise.all(names.map((name) => b.store.passkeys.listForUser(pool.id, name))),
        ]);
        for (const [i, name] of names.entries()) {
          assert.equal(found[i]?.username, i === 4 ? undefined : name);
          const expected = i === 4 ? [] : [...owned[i]!].sort((x, y) => x.createdAt - y.createdAt).map((p) => p.credentialId);
          assert.deepEqual(listed[i]!.map((p) => p.credentialId), expected);
        }
        const ids = [...owned.flat().map((p) => p.credentialId), `missing-${uid()}`];
        const byId = await Promise.all(ids.map((id) => b.store.passkeys.get(id)));
        assert.deepEqual(byId.map((p) => p?.credentialId), [...ids.slice(0, -1), undefined]);
        assert.deepEqual(plain(byId[0]), plain(owned.flat()[0]));
      });

      it('answers each of many concurrent sign-in and user reads with its own', async () => {
        const users = await Promise.all(Array.from({ length: 12 }, () => newUser()));
        const families = users.map((u) => family(u));
        await Promise.all(families.map((f) => b.store.tokens.createFamily(f.family, f.refresh, f.holder)));
        // Asked at once, with some sign-ins and users missing: each answer is its own key's.
        const asked = users.map((u, i) => ({
          jti: i % 3 === 1 ? `missing-${uid()}` : families[i]!.family.originJti,
          username: i % 4 === 2 ? `missing-${uid()}` : u.username,
        }));
        const answers = await Promise.all(asked.map((k) => b.store.tokens.getFamilyAndUser(k.jti, pool.id, k.username)));
        for (const [i, answer] of answers.entries()) {
          assert.equal(answer.family?.originJti, i % 3 === 1 ? undefined : families[i]!.family.originJti);
          assert.equal(answer.user?.username, i % 4 === 2 ? undefined : users[i]!.username);
          if (answer.user) assert.deepEqual(plain(answer.user), plain(await b.store.users.get(pool.id, users[i]!.username)));
        }
      });

      it('rotates a refresh token once, whoever races', async () => {
        const user = await newUser();
        const f = family(user);
        await b.store.tokens.createFamily(f.family, f.refresh, f.holder);
        const results = await race(b, 20, (s, i) =>
          s.tokens.rotateRefresh(f.refresh.tokenHash, { ...f.refresh, tokenHash: `next-${i}-${uid()}` }, NOW + 10, NOW + 70),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === true).length, 1);
        assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === false).length, 19);
        const old = await b.store.tokens.getRefresh(f.refresh.tokenHash);
        assert.equal(old!.rotatedAt, NOW + 10);
        assert.equal(old!.graceUntil, NOW + 70);
      });

      it('consumes a session once: ok, then used; unknown and expired say so', async () => {
        const user = await newUser();
        const session = sessionRecord(user);
        await b.store.sessions.create(session);
        const first = await b.store.sessions.consume(session.id, NOW + 1);
        assert.equal(first.outcome, 'ok');
        assert.deepEqual(first.outcome === 'ok' && first.record, { ...session, consumedAt: NOW + 1 });
        assert.equal((await b.store.sessions.consume(session.id, NOW + 2)).outcome, 'used');
        assert.equal((await b.store.sessions.consume('no-such-session', NOW)).outcome, 'unknown');
        const stale = sessionRecord(user, NOW + MINUTE);
        await b.store.sessions.create(stale);
        assert.equal((await b.store.sessions.consume(stale.id, NOW + MINUTE)).outcome, 'expired');
      });

      it('consumes many sessions at once, each at its own time and with its own outcome', async () => {
        const user = await newUser();
        const live = Array.from({ length: 6 }, () => sessionRecord(user));
        const used = sessionRecord(user);
        // Expired for a consumer asking at NOW + MINUTE, not for one asking a moment before.
        const ending = [sessionRecord(user, NOW + MINUTE), sessionRecord(user, NOW + MINUTE)];
        for (const s of [...live, used, ...ending]) await b.store.sessions.create(s);
        assert.equal((await b.store.sessions.consume(used.id, NOW)).outcome, 'ok');
        const asked: [string, number][] = [
          ...live.map((s, i): [string, number] => [s.id, NOW + i]),
          [used.id, NOW + 1],
          [`missing-${uid()}`, NOW + 1],
          [ending[0]!.id, NOW + MINUTE],
          [ending[1]!.id, NOW + MINUTE - 1],
        ];
        const outcomes = await Promise.all(asked.map(([id, at]) => b.store.sessions.consume(id, at)));
        assert.deepEqual(
          outcomes.map((o) => o.outcome),
          [...live.map(() => 'ok'), 'used', 'unknown', 'expired', 'ok'],
        );
        for (const [i, o] of outcomes.entries()) {
          if (o.outcome === 'ok') assert.deepEqual([o.record.id, o.record.consumedAt], asked[i]);
        }
      });

      it('gives a session to exactly one of 20 parallel consumers', async () => {
        const session = sessionRecord(await newUser());
        await b.store.sessions.create(session);
        const results = await race(b, 20, (s) => s.sessions.consume(session.id, NOW + 1));
        const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'error'));
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1);
        assert.equal(outcomes.filter((o) => o === 'used').length, 19);
      });
    });

    describe('passkeys', () => {
      it('keeps the passkeys of concurrent registrations, each refused alone: a credential taken, a user at the limit', async () => {
        const users = await Promise.all(Array.from({ length: 6 }, () => newUser()));
        const taken = passkeyRecord(users[0]!);
        await b.store.passkeys.insert(taken, 20);
        const fresh = users.map((u) => passkeyRecord(u));
        const outcomes = await Promise.allSettled([
          ...fresh.map((p) => b.store.passkeys.insert(p, 20)),
          b.store.passkeys.insert({ ...passkeyRecord(users[1]!), credentialId: taken.credentialId }, 20),
          b.store.passkeys.insert(passkeyRecord(users[0]!), 1),
          b.store.sessions.create(sessionRecord(users[3]!)),
        ]);
        const whats = outcomes.map((o) => (o.status === 'fulfilled' ? 'ok' : (o.reason as StoreConflict).what));
        assert.deepEqual(whats, [...fresh.map(() => 'ok'), 'credential', 'limit', 'ok']);
        for (const [i, u] of users.entries()) {
          const expected = [...(i === 0 ? [taken.credentialId] : []), fresh[i]!.credentialId].sort();
          assert.deepEqual((await b.store.passkeys.listForUser(pool.id, u.username)).map((p) => p.credentialId).sort(), expected);
        }
      });

      it('gives a registration challenge to exactly one of 20 parallel consumers', async () => {
        const user = await newUser();
        const challenge = challengeRecord(user);
        await b.store.passkeys.createChallenge(challenge);
        const results = await race(b, 20, (s) => s.passkeys.consumeChallenge(challenge.challenge, NOW + 1));
        const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'error'));
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1);
        assert.equal(outcomes.filter((o) => o === 'used').length, 19);
        const expired = challengeRecord(user, NOW + MINUTE);
        await b.store.passkeys.createChallenge(expired);
        assert.equal((await b.store.passkeys.consumeChallenge(expired.challenge, NOW + 2 * MINUTE)).outcome, 'expired');
      });


      it('keeps the registration challenges and sessions of concurrent requests, each with its own outcome', async () => {
        const users = await Promise.all(Array.from({ length: 10 }, () => newUser()));
        const challenges = users.map((u) => challengeRecord(u));
        const sessions = users.map((u) => sessionRecord(u));
        // A user who does not exist cannot have either; the others, created at once, are kept.
        const stranger = { ...users[0]!, username: `gone-${uid()}` };
        const outcomes = await Promise.allSettled([
          ...challenges.map((c) => b.store.passkeys.createChallenge(c)),
          b.store.passkeys.createChallenge(challengeRecord(stranger)),
          ...sessions.map((s) => b.store.sessions.create(s)),
        ]);
        assert.deepEqual(
          outcomes.map((o) => o.status),
          [...challenges.map(() => 'fulfilled'), 'rejected', ...sessions.map(() => 'fulfilled')],
        );
        for (const c of challenges) assert.equal((await b.store.passkeys.consumeChallenge(c.challenge, NOW + 1)).outcome, 'ok');
        for (const s of sessions) assert.equal((await b.store.sessions.get(s.id))?.username, s.username);
      });
      it('stores, lists, counts and deletes a user\'s own credentials', async () => {
        const user = await newUser();
        const other = await newUser();
        const first = passkeyRecord(user);
        const second = { ...passkeyRecord(user), createdAt: NOW + 1, attachment: undefined, lastUsedAt: NOW + 2 };
        await b.store.passkeys.insert(first, 20);
        await b.store.passkeys.insert(second, 20);
        assert.deepEqual(await b.store.passkeys.get(first.credentialId), { ...first, lastUsedAt: undefined });
        assert.deepEqual((await b.store.passkeys.listForUser(pool.id, user.username)).map((p) => p.credentialId), [first.credentialId, second.credentialId]);
        assert.equal(await b.store.passkeys.countForUser(pool.id, user.username), 2);
        assert.equal(await b.store.passkeys.delete(pool.id, other.username, first.credentialId), false);
        assert.equal(await b.store.passkeys.delete(pool.id, user.username, first.credentialId), true);
        assert.equal(await b.store.passkeys.countForUser(pool.id, user.username), 1);
      });

      it('registers a credential id once, to anyone', async () => {
        const user = await newUser();
        const other = await newUser();
        const passkey = passkeyRecord(user);
        await b.store.passkeys.insert(passkey, 20);
        assert.equal(await conflictOf(b.store.passkeys.insert(passkeyRecord(other, passkey.credentialId), 20)), 'credential');
        assert.equal(await conflictOf(b.store.passkeys.insert(passkey, 20)), 'credential');
      });

      it('holds the per-user limit under concurrent inserts', async () => {
        const user = await newUser();
        await b.store.passkeys.insert(passkeyRecord(user), 3);
        const results = await race(b, 12, (s) => s.passkeys.insert(passkeyRecord(user), 3));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'limit');
        assert.equal(await b.store.passkeys.countForUser(pool.id, user.username), 3);
      });

      it('moves the sign counts of concurrent sign-ins, each by its own compare-and-set', async () => {
        const user = await newUser();
        const passkeys = Array.from({ length: 5 }, (_, i) => ({ ...passkeyRecord(user), signCount: i }));
        for (const passkey of passkeys) await b.store.passkeys.insert(passkey, 20);
        const asked: [string, number, number, number][] = [
          ...passkeys.slice(0, 3).map((p, i): [string, number, number, number] => [p.credentialId, p.signCount, p.signCount + 10, NOW + i]),
          [passkeys[3]!.credentialId, 99, 100, NOW],
          [passkeys[4]!.credentialId, 4, 5, NOW + 5],
          [passkeys[4]!.credentialId, 4, 6, NOW + 6],
          [`missing-${uid()}`, 0, 1, NOW],
        ];
        const outcomes = await Promise.all(asked.map((a) => b.store.passkeys.recordUse(...a)));
        assert.deepEqual(outcomes.slice(0, 4), [true, true, true, false]);
        assert.deepEqual(outcomes.slice(4, 6).sort(), [false, true], 'one of two uses of one passkey with the same count wins');
        assert.equal(outcomes[6], false);
        for (const [i, [credentialId, , signCount, at]] of asked.slice(0, 3).entries()) {
          const stored = await b.store.passkeys.get(credentialId);
          assert.deepEqual([stored!.signCount, stored!.lastUsedAt], [signCount, at], `passkey ${i}`);
        }
        assert.equal((await b.store.passkeys.get(passkeys[3]!.credentialId))!.signCount, 3);
        const winner = outcomes[4] ? asked[4]! : asked[5]!;
        const moved = await b.store.passkeys.get(passkeys[4]!.credentialId);
        assert.deepEqual([moved!.signCount, moved!.lastUsedAt], [winner[2], winner[3]]);
      });

      it('moves a sign count by compare-and-set: one of 20 racing sign-ins wins', async () => {
        const user = await newUser();
        const passkey = { ...passkeyRecord(user), signCount: 5 };
        await b.store.passkeys.insert(passkey, 20);
        const results = await race(b, 20, (s) => s.passkeys.recordUse(passkey.credentialId, 5, 6, NOW + 7));
        assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value).length, 1);
        const stored = await b.store.passkeys.get(passkey.credentialId);
        assert.equal(stored!.signCount, 6);
        assert.equal(stored!.lastUsedAt, NOW + 7);
        assert.equal(await b.store.passkeys.recordUse(passkey.credentialId, 5, 7, NOW + 8), false);
      });
    });

    describe('devices', () => {
      const deviceRecord = (user: UserRecord, deviceKey = `us-east-1_${randomUUID()}`): DeviceRecord => ({
        poolId: user.poolId,
        username: user.username,
        deviceKey,
        deviceGroupKey: '-group',
        passwordVerifier: 'dmVyaWZpZXI=',
        salt: 'c2FsdA==',
        deviceName: 'laptop',
        status: 'not_remembered',
        lastIpUsed: '127.0.0.1',
        createdAt: NOW,
        updatedAt: NOW,
        lastAuthenticatedAt: NOW,
      });

      it("creates a device once per key; reads, updates and deletes only the owner's", async () => {
        const [owner, other] = [await newUser(), await newUser()];
        const device = deviceRecord(owner);
        assert.equal(await b.store.devices.create(device), true);
        assert.equal(await b.store.devices.create(deviceRecord(other, device.deviceKey)), false);
        assert.deepEqual(plain(await b.store.devices.get(pool.id, owner.username, device.deviceKey)), plain(device));
        assert.equal(await b.store.devices.get(pool.id, other.username, device.deviceKey), undefined);
        assert.equal(await b.store.devices.setStatus(pool.id, other.username, device.deviceKey, 'remembered', NOW + 1), false);
        assert.equal(await b.store.devices.setStatus(pool.id, owner.username, device.deviceKey, 'remembered', NOW + 1), true);
        assert.deepEqual(plain(await b.store.devices.get(pool.id, owner.username, device.deviceKey)), plain({ ...device, status: 'remembered', updatedAt: NOW + 1 }));
        assert.equal(await b.store.devices.delete(pool.id, other.username, device.deviceKey), false);
        assert.equal(await b.store.devices.delete(pool.id, owner.username, device.deviceKey), true);
        assert.equal(await b.store.devices.delete(pool.id, owner.username, device.deviceKey), false);
      });

      it("lists a user's devices in key order, page by page, and they go with the user", async () => {
        const user = await newUser();
        const keys = Array.from({ length: 5 }, () => `us-east-1_${randomUUID()}`).sort();
        for (const key of keys) await b.store.devices.create(deviceRecord(user, key));
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = await b.store.devices.list(pool.id, user.username, 2, after);
          seen.push(...page.items.map((d) => d.deviceKey));
          after = page.next;
        } while (after);
        assert.deepEqual(seen, keys);
        assert.equal(await b.store.users.delete(pool.id, user.username), true);
        assert.deepEqual((await b.store.devices.list(pool.id, user.username, 10)).items, []);
        assert.equal(await b.store.devices.create(deviceRecord(user, keys[0])), false, 'no device for a user who is gone');
      });

      it("notes a device's sign-in, keeping the last address when none is known", async () => {
        const user = await newUser();
        const device = deviceRecord(user);
        await b.store.devices.create(device);
        assert.equal(await b.store.devices.recordSignIn(pool.id, user.username, device.deviceKey, NOW + 5, '10.0.0.9'), true);
        assert.equal(await b.store.devices.recordSignIn(pool.id, user.username, device.deviceKey, NOW + 6, undefined), true);
        const after = await b.store.devices.get(pool.id, user.username, device.deviceKey);
        assert.equal(after!.lastAuthenticatedAt, NOW + 6);
        assert.equal(after!.lastIpUsed, '10.0.0.9');
        assert.equal(await b.store.devices.recordSignIn(pool.id, user.username, 'us-east-1_none', NOW, undefined), false);
      });
    });

    describe('software tokens', () => {
      it('keeps a pending key beside the verified one until verified, and only the key verified is replaced', async () => {
        const user = await newUser();
        assert.equal(await b.store.softwareTokens.get(pool.id, user.username), undefined);
        assert.equal(await b.store.softwareTokens.associate(pool.id, user.username, 'FIRST', NOW), true);
        assert.equal(await b.store.softwareTokens.verify(pool.id, user.username, 'OTHER', 'phone', 7, NOW + 1), false, 'not the pending key');
        assert.equal(await b.store.softwareTokens.verify(pool.id, user.username, 'FIRST', 'phone', 7, NOW + 1), true);
        assert.equal(await b.store.softwareTokens.associate(pool.id, user.username, 'SECOND', NOW + 2), true);
        assert.deepEqual(plain(await b.store.softwareTokens.get(pool.id, user.username)), {
          poolId: pool.id,
          username: user.username,
          secret: 'FIRST',
          pendingSecret: 'SECOND',
          friendlyName: 'phone',
          lastUsedStep: 7,
          associatedAt: NOW + 2,
          verifiedAt: NOW + 1,
        });
        assert.equal(await b.store.softwareTokens.associate(pool.id, 'nobody', 'X', NOW), false, 'no key for a user who does not exist');
      });

      it('accepts a time step once, and none before it, whoever races', async () => {
        const user = await newUser();
        await b.store.softwareTokens.associate(pool.id, user.username, 'KEY', NOW);
        assert.equal(await b.store.softwareTokens.useStep(pool.id, user.username, 5), false, 'no verified key yet');
        await b.store.softwareTokens.verify(pool.id, user.username, 'KEY', undefined, 5, NOW);
        const results = await race(b, 20, (s) => s.softwareTokens.useStep(pool.id, user.username, 6));
        assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === true).length, 1);
        assert.equal(await b.store.softwareTokens.useStep(pool.id, user.username, 6), false);
        assert.equal(await b.store.softwareTokens.useStep(pool.id, user.username, 4), false);
        assert.equal(await b.store.softwareTokens.useStep(pool.id, user.username, 7), true);
        assert.equal(await b.store.users.delete(pool.id, user.username), true);
        assert.equal(await b.store.softwareTokens.get(pool.id, user.username), undefined, 'the key goes with its user');
      });
    });

    describe('groups', () => {
      const newPool = async () => {
        const p = poolRecord();
        await b.store.pools.create(p, []);
        return p;
      };

      it('creates, reads, updates and deletes a group; a name once per pool; false for a missing pool', async () => {
        const p = await newPool();
        const group = groupRecord(p.id, 'editors', { description: 'd', roleArn: 'arn:aws:iam::1:role/r', precedence: 0 });
        assert.equal(await b.store.groups.create(group, 10), true);
        assert.deepEqual(plain(await b.store.groups.get(p.id, 'editors')), plain(group));
        assert.equal(await conflictOf(b.store.groups.create(groupRecord(p.id, 'editors'), 10)), 'group');
        assert.equal(await b.store.groups.create(groupRecord(p.id, 'Editors'), 10), true);
        assert.equal(await b.store.groups.create(groupRecord(pool.id, 'editors'), 10), true);
        assert.equal(await b.store.groups.create(groupRecord('us-east-1_gone', 'editors'), 10), false);

        const updated = { ...group, description: undefined, precedence: 2 ** 31 - 1, updatedAt: NOW + 1 };
        assert.equal(await b.store.groups.update(updated), true);
        assert.deepEqual(plain(await b.store.groups.get(p.id, 'editors')), plain(updated));
        assert.equal(await b.store.groups.update(groupRecord(p.id, 'nobody')), false);
        assert.equal(await b.store.groups.delete(p.id, 'editors'), true);
        assert.equal(await b.store.groups.delete(p.id, 'editors'), false);
        assert.equal(await b.store.groups.get(p.id, 'editors'), undefined);
      });

      it('lists a pool\'s groups by name, page by page', async () => {
        const p = await newPool();
        for (const name of ['c', 'a', 'e', 'b', 'd']) await b.store.groups.create(groupRecord(p.id, name), 10);
        const first = await b.store.groups.list(p.id, 2);
        assert.deepEqual(first.items.map((g) => g.groupName), ['a', 'b']);
        const second = await b.store.groups.list(p.id, 2, first.next);
        const third = await b.store.groups.list(p.id, 2, second.next);
        assert.deepEqual([...second.items, ...third.items].map((g) => g.groupName), ['c', 'd', 'e']);
        assert.equal(third.next, undefined);
      });

      it('holds the per-pool limit under concurrent creations from two nodes', async () => {
        const p = await newPool();
        await b.store.groups.create(groupRecord(p.id), 5);
        const results = await race(b, 16, (s) => s.groups.create(groupRecord(p.id), 5));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'limit');
        assert.equal((await b.store.groups.list(p.id, 100)).items.length, 5);
      });

      it('adds a member once, says why it cannot, and lists members and a user\'s groups in order', async () => {
        const p = await newPool();
        for (const name of ['g1', 'g2', 'g3']) await b.store.groups.create(groupRecord(p.id, name), 10);
        const users = ['u3', 'u1', 'u2'].map((name) => userRecord(p.id, name));
        for (const user of users) await b.store.users.create(user, []);

        assert.equal(await b.store.groups.addMember(p.id, 'g1', 'u1', 10, NOW), 'added');
        assert.equal(await b.store.groups.addMember(p.id, 'g1', 'u1', 10, NOW), 'already-member');
        assert.equal(await b.store.groups.addMember(p.id, 'g1', 'nobody', 10, NOW), 'no-user');
        assert.equal(await b.store.groups.addMember(p.id, 'nothing', 'u1', 10, NOW), 'no-group');
        for (const name of ['u3', 'u2']) await b.store.groups.addMember(p.id, 'g1', name, 10, NOW);
        for (const name of ['g3', 'g2']) await b.store.groups.addMember(p.id, name, 'u1', 10, NOW);

        const members = await b.store.groups.listMembers(p.id, 'g1', 2);
        assert.deepEqual(members.items.map((u) => u.username), ['u1', 'u2']);
        assert.deepEqual(plain(members.items[0]), plain(users[1]));
        const rest = await b.store.groups.listMembers(p.id, 'g1', 2, members.next);
        assert.deepEqual([rest.items.map((u) => u.username), rest.next], [['u3'], undefined]);
        const groups = await b.store.groups.listForUser(p.id, 'u1', 10);
        assert.deepEqual(groups.items.map((g) => g.groupName), ['g1', 'g2', 'g3']);
        assert.equal(await b.store.groups.countMembers(p.id, 'g1', 100), 3);
        assert.equal(await b.store.groups.countMembers(p.id, 'g1', 2), 2);

        assert.equal(await b.store.groups.removeMember(p.id, 'g1', 'u1'), true);
        assert.equal(await b.store.groups.removeMember(p.id, 'g1', 'u1'), false);
        assert.deepEqual((await b.store.groups.listForUser(p.id, 'u1', 10)).items.map((g) => g.groupName), ['g2', 'g3']);
      });

      it('lists the groups of concurrent sign-ins, each user\'s own, in order, up to its limit', async () => {
        const p = await newPool();
        for (const name of ['g1', 'g2', 'g3']) await b.store.groups.create(groupRecord(p.id, name), 10);
        const users = ['u1', 'u2', 'u3', 'u4'].map((name) => userRecord(p.id, name));
        for (const user of users) await b.store.users.create(user, []);
        const memberships: Record<string, string[]> = { u1: ['g3', 'g1', 'g2'], u2: [], u3: ['g2'], u4: ['g1', 'g3'] };
        for (const [username, groups] of Object.entries(memberships)) {
          for (const group of groups) await b.store.groups.addMember(p.id, group, username, 10, NOW);
        }
        const asked: [string, number][] = [['u1', 10], ['u2', 10], ['u3', 10], ['u4', 10], ['u1', 2], ['nobody', 10]];
        const pages = await Promise.all(asked.map(([username, limit]) => b.store.groups.listForUser(p.id, username, limit)));
        assert.deepEqual(
          pages.map((page) => [page.items.map((g) => g.groupName), page.next]),
          [[['g1', 'g2', 'g3'], undefined], [[], undefined], [['g2'], undefined], [['g1', 'g3'], undefined], [['g1', 'g2'], 'g2'], [[], undefined]],
        );
        assert.deepEqual(plain(pages[2]!.items[0]), plain(await b.store.groups.get(p.id, 'g2')));
      });

      it('holds the per-user limit under concurrent adds from two nodes', async () => {
        const p = await newPool();
        const user = userRecord(p.id);
        await b.store.users.create(user, []);
        const names = Array.from({ length: 16 }, (_, i) => `g${i}`);
        for (const name of names) await b.store.groups.create(groupRecord(p.id, name), 100);
        const results = await race(b, 16, (s, i) => s.groups.addMember(p.id, names[i]!, user.username, 5, NOW));
        assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === 'added').length, 5);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'limit');
        assert.equal((await b.store.groups.listForUser(p.id, user.username, 100)).items.length, 5);
      });

      it('lets memberships go with their group and with their user', async () => {
        const p = await newPool();
        await b.store.groups.create(groupRecord(p.id, 'kept'), 10);
        await b.store.groups.create(groupRecord(p.id, 'dropped'), 10);
        const stays = userRecord(p.id, 'stays');
        const leaves = userRecord(p.id, 'leaves');
        for (const user of [stays, leaves]) {
          await b.store.users.create(user, []);
          for (const name of ['kept', 'dropped']) await b.store.groups.addMember(p.id, name, user.username, 10, NOW);
        }
        await b.store.groups.delete(p.id, 'dropped');
        assert.deepEqual((await b.store.groups.listForUser(p.id, 'stays', 10)).items.map((g) => g.groupName), ['kept']);
        await b.store.users.delete(p.id, 'leaves');
        assert.deepEqual((await b.store.groups.listMembers(p.id, 'kept', 10)).items.map((u) => u.username), ['stays']);
        // A group or user of the same name, created again, starts with no memberships.
        await b.store.groups.create(groupRecord(p.id, 'dropped'), 10);
        await b.store.users.create(userRecord(p.id, 'leaves'), []);
        assert.equal(await b.store.groups.countMembers(p.id, 'dropped', 10), 0);
        assert.deepEqual((await b.store.groups.listForUser(p.id, 'leaves', 10)).items, []);
      });
    });

    describe('identity providers and links', () => {
      const newPool = async () => {
        const p = poolRecord();
        await b.store.pools.create(p, []);
        return p;
      };
      const linkOf = (poolId: string, providerName: string, attributeValue: string, username: string, createdAt = NOW) => ({
        poolId,
        providerName,
        attributeName: 'Cognito_Subject',
        attributeValue,
        username,
        createdAt,
      });

      it('names a provider once, and an identifier once per pool, even when two nodes create at once', async () => {
        const p = await newPool();
        const results = await race(b, 12, (s) => s.identityProviders.create(providerRecord(p.id, 'Corp', ['corp']), 300));
        assert.equal(results.filter((r) => r.status === 'fulfilled' && r.value === true).length, 1);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'provider');
        const identifiers = await race(b, 12, (s, i) => s.identityProviders.create(providerRecord(p.id, `Other${i}`, ['shared']), 300));
        assert.equal(identifiers.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of identifiers) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'identifier');
        assert.equal(await conflictOf(b.store.identityProviders.create(providerRecord(p.id, 'Late', ['corp']), 300)), 'identifier');
        assert.equal(await conflictOf(b.store.identityProviders.update({ ...providerRecord(p.id, 'Corp'), idpIdentifiers: ['shared'] })), 'identifier');
        assert.equal((await b.store.identityProviders.list(p.id, 100)).items.length, 2);
        assert.equal((await b.store.identityProviders.getByIdentifier(p.id, 'corp'))!.providerName, 'Corp');
        assert.equal(await b.store.identityProviders.create(providerRecord('us-east-1_gone'), 300), false);
      });

      it('holds the per-pool limit under concurrent creations', async () => {
        const p = await newPool();
        const results = await race(b, 10, (s) => s.identityProviders.create(providerRecord(p.id), 4));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as StoreConflict).what, 'limit');
      });

      it('links a provider user once, keeps the identities attribute with the links, and holds the per-user limit', async () => {
        const p = await newPool();
        await b.store.identityProviders.create(providerRecord(p.id, 'Corp'), 300);
        const [ann, ben] = [userRecord(p.id, 'ann'), userRecord(p.id, 'ben')];
        for (const user of [ann, ben]) await b.store.users.create(user, []);
        const racing = await race(b, 10, (s, i) => s.identityProviders.link(linkOf(p.id, 'Corp', 'subject', i % 2 ? 'ann' : 'ben'), 5));
        assert.equal(racing.filter((r) => r.status === 'fulfilled' && r.value === 'linked').length, 1);
        assert.ok(racing.every((r) => r.status === 'fulfilled' && (r.value === 'linked' || r.value === 'taken')));
        await b.store.identityProviders.unlink(p.id, 'Corp', 'Cognito_Subject', 'subject');

        const limited = await race(b, 8, (s, i) => s.identityProviders.link(linkOf(p.id, 'Corp', `s${i}`, 'ann'), 3));
        assert.equal(limited.filter((r) => r.status === 'fulfilled' && r.value === 'linked').length, 3);
        assert.ok(limited.every((r) => r.status === 'fulfilled' && (r.value === 'linked' || r.value === 'limit')));
        const identities = JSON.parse((await b.store.users.get(p.id, 'ann'))!.attributes.identities!) as { userId: string }[];
        assert.equal(identities.length, 3);
        assert.equal(await b.store.identityProviders.link(linkOf(p.id, 'Corp', 'x', 'nobody'), 5), 'no-user');
        assert.equal(await b.store.identityProviders.link(linkOf(p.id, 'Gone', 'x', 'ben'), 5), 'no-provider');

        // An update of the user read before a link keeps the link's identity.
        const stale = (await b.store.users.get(p.id, 'ben'))!;
        assert.equal(await b.store.identityProviders.link(linkOf(p.id, 'Corp', 'ben-subject', 'ben'), 5), 'linked');
        await b.store.users.update({ ...stale, attributes: { ...stale.attributes, name: 'Ben' } });
        const ben2 = (await b.store.users.get(p.id, 'ben'))!;
        assert.equal(ben2.attributes.name, 'Ben');
        assert.deepEqual((JSON.parse(ben2.attributes.identities!) as { userId: string }[]).map((i) => i.userId), ['ben-subject']);
        // The attribute goes with the last link; the unlink is by the attribute linked by.
        assert.deepEqual(await b.store.identityProviders.unlink(p.id, 'Corp', 'email', 'ben-subject'), []);
        assert.deepEqual(await b.store.identityProviders.unlink(p.id, 'Corp', 'Cognito_Subject', 'ben-subject'), ['ben']);
        assert.equal((await b.store.users.get(p.id, 'ben'))!.attributes.identities, undefined);
      });

      it('lets links go with their provider (the identities attribute too) and with their user', async () => {
        const p = await newPool();
        for (const name of ['A', 'B']) await b.store.identityProviders.create(providerRecord(p.id, name, [name.toLowerCase()]), 300);
        const user = userRecord(p.id, 'cat');
        await b.store.users.create(user, []);
        await b.store.clients.create({ ...clientRecord(p.id, 'client-a'), settings: { SupportedIdentityProviders: ['COGNITO', 'A', 'B'] } as ClientRecord['settings'] });
        await b.store.identityProviders.link(linkOf(p.id, 'A', '1', 'cat'), 5);
        await b.store.identityProviders.link(linkOf(p.id, 'B', '2', 'cat', NOW + 1), 5);
        assert.equal(await b.store.identityProviders.delete(p.id, 'A'), true);
        assert.equal(await b.store.identityProviders.delete(p.id, 'A'), false);
        assert.equal(await b.store.identityProviders.getByIdentifier(p.id, 'a'), undefined);
        assert.deepEqual((await b.store.identityProviders.linksOfUser(p.id, 'cat')).map((l) => l.providerName), ['B']);
        assert.deepEqual((JSON.parse((await b.store.users.get(p.id, 'cat'))!.attributes.identities!) as { providerName: string }[]).map((i) => i.providerName), ['B']);
        assert.deepEqual((await b.store.clients.get('client-a'))!.settings.SupportedIdentityProviders, ['COGNITO', 'B']);
        await b.store.users.delete(p.id, 'cat');
        assert.deepEqual(await b.store.identityProviders.linksOfUser(p.id, 'cat'), []);
        await b.store.users.create(userRecord(p.id, 'cat'), []);
        assert.equal(await b.store.identityProviders.link(linkOf(p.id, 'B', '2', 'cat'), 5), 'linked');
      });
    });

    describe('outbox and codes', () => {
      it('lists outbox messages newest first, filtered, and clears them', async () => {
        const p = poolRecord();
        await b.store.pools.create(p, []);
        for (const [i, username] of ['ann', 'bob', 'ann'].entries()) {
          await b.store.outbox.add({ id: `m-${uid()}`, poolId: p.id, username, channel: 'EMAIL', destination: `${username}@example.com`, purpose: 'SIGN_UP', message: `code ${i}`, code: String(i), createdAt: NOW + i });
        }
        const ann = await b.store.outbox.list({ poolId: p.id, username: 'ann', limit: 10 });
        assert.deepEqual(ann.map((m) => m.message), ['code 2', 'code 0']);
        assert.equal(ann[0]!.subject, undefined);
        assert.equal((await b.store.outbox.list({ poolId: p.id, limit: 1 })).length, 1);
        assert.equal(await b.store.outbox.clear(p.id), 3);
        assert.deepEqual(await b.store.outbox.list({ poolId: p.id, limit: 10 }), []);
      });

      it('redeems a code once, counts wrong attempts and tells expired from unknown', async () => {
        const user = await newUser();
        const code = { poolId: pool.id, username: user.username, purpose: 'FORGOT_PASSWORD', codeHash: 'old', expiresAt: NOW + MINUTE, attempts: 0 };
        await b.store.codes.put(code);
        await b.store.codes.put({ ...code, codeHash: 'right' });
        assert.equal((await b.store.codes.get(pool.id, user.username, code.purpose))!.codeHash, 'right');
        const wrong = await b.store.codes.redeem(pool.id, user.username, code.purpose, 'old', NOW);
        assert.equal(wrong.outcome, 'used');
        assert.equal(wrong.outcome === 'used' && wrong.record.attempts, 1);
        const results = await race(b, 10, (s) => s.codes.redeem(pool.id, user.username, code.purpose, 'right', NOW));
        const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'error'));
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1);
        assert.equal(outcomes.filter((o) => o === 'unknown').length, 9);
        await b.store.codes.put({ ...code, expiresAt: NOW });
        assert.equal((await b.store.codes.redeem(pool.id, user.username, code.purpose, 'old', NOW)).outcome, 'expired');
      });
    });

    describe('attempt counters and installation secrets', () => {
      const policy = { freeAttempts: 3, firstLockMs: 1000, maxLockMs: 4000, forgetAfterMs: 10 * MINUTE };
      const reserve = (store: Store, subject: string, at: number) => store.attempts.reserve(pool.id, subject, 'CODE', at, policy);

      it('admits the free attempts, then one per doubling lock up to its cap, and forgets after a quiet window', async () => {
        // A name nobody holds is counted as a user is.
        const subject = `nobody-${uid()}`;
        for (let n = 1; n <= 3; n++) assert.deepEqual(await reserve(b.store, subject, NOW), { admitted: true, record: { attempts: n, lastAttemptAt: NOW } });
        assert.deepEqual(await reserve(b.store, subject, NOW + 999), { admitted: false, record: { attempts: 3, lastAttemptAt: NOW } });
        let at = NOW + 1000;
        for (const [n, lock] of [[4, 2000], [5, 4000], [6, 4000], [7, 4000]] as const) {
          assert.equal((await reserve(b.store, subject, at)).record.attempts, n);
          assert.equal((await reserve(b.store, subject, at + lock - 1)).admitted, false, `locked ${lock} ms after attempt ${n}`);
          at += lock;
        }
        assert.equal((await b.store.attempts.get(pool.id, subject, 'CODE'))!.attempts, 7);
        assert.equal(await b.store.attempts.get(pool.id, subject, 'PASSWORD'), undefined);
        const forgotten = await reserve(b.store, subject, at - 4000 + 10 * MINUTE + 1);
        assert.deepEqual(forgotten.admitted && forgotten.record.attempts, 1);
        await b.store.attempts.clear(pool.id, subject, 'CODE');
        assert.equal(await b.store.attempts.get(pool.id, subject, 'CODE'), undefined);
      });

      it('admits only the free attempts of 20 concurrent reservations from two nodes', async () => {
        const subject = `user-${uid()}`;
        const results = await race(b, 20, (store) => reserve(store, subject, NOW));
        const admitted = results.filter((r) => r.status === 'fulfilled' && r.value.admitted).length;
        assert.equal(admitted, 3);
        assert.equal(results.filter((r) => r.status === 'rejected').length, 0);
        assert.equal((await b.store.attempts.get(pool.id, subject, 'CODE'))!.attempts, 3);
      });

      it('sweeps counters past their window, and deletes them with their pool', async () => {
        const [stale, live] = [`stale-${uid()}`, `live-${uid()}`];
        await b.store.attempts.reserve(pool.id, stale, 'PASSWORD', NOW, { ...policy, forgetAfterMs: MINUTE });
        await b.store.attempts.reserve(pool.id, live, 'CODE', NOW, { ...policy, forgetAfterMs: 24 * 60 * MINUTE });
        await b.store.sweep(NOW + 2 * MINUTE);
        assert.equal(await b.store.attempts.get(pool.id, stale, 'PASSWORD'), undefined);
        assert.ok(await b.store.attempts.get(pool.id, live, 'CODE'));
        const p = poolRecord();
        await b.store.pools.create(p, [keyRecord(p.id, 'id')]);
        await b.store.attempts.reserve(p.id, live, 'CODE', NOW, policy);
        await b.store.pools.delete(p.id);
        assert.equal(await b.store.attempts.get(p.id, live, 'CODE'), undefined);
      });

      it('keeps the first secret offered under a name, even when nodes offer theirs at once', async () => {
        const name = `secret-${uid()}`;
        const results = await race(b, 10, (store, i) => store.secrets.getOrCreate(name, `offer-${i}`, NOW));
        const values = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value : 'error')));
        assert.equal(values.size, 1);
        const [kept] = values;
        assert.match(kept!, /^offer-\d$/);
        assert.equal(await b.store.secrets.getOrCreate(name, 'later', NOW + MINUTE), kept);
      });
    });

    describe('sweep and cascades', () => {
      it('sweeps expired sessions, challenges, codes and refresh tokens, and keeps live ones', async () => {
        const user = await newUser();
        const later = NOW + 10 * 24 * 60 * MINUTE;
        const oldSession = sessionRecord(user, NOW + MINUTE);
        const liveSession = sessionRecord(user, later + MINUTE);
        await b.store.sessions.create(oldSession);
        await b.store.sessions.create(liveSession);
        const oldChallenge = challengeRecord(user, NOW + MINUTE);
        await b.store.passkeys.createChallenge(oldChallenge);
        await b.store.codes.put({ poolId: pool.id, username: user.username, purpose: 'SIGN_UP', codeHash: 'h', expiresAt: NOW + MINUTE, attempts: 0 });
        const f = family(user);
        await b.store.tokens.createFamily(f.family, { ...f.refresh, expiresAt: NOW + MINUTE }, f.holder);
        assert.ok((await b.store.sweep(later)) >= 4);
        assert.equal((await b.store.sessions.consume(oldSession.id, later)).outcome, 'unknown');
        assert.equal((await b.store.sessions.consume(liveSession.id, later)).outcome, 'ok');
        assert.equal((await b.store.passkeys.consumeChallenge(oldChallenge.challenge, later)).outcome, 'unknown');
        assert.equal(await b.store.codes.get(pool.id, user.username, 'SIGN_UP'), undefined);
        assert.equal(await b.store.tokens.getRefresh(f.refresh.tokenHash), undefined);
      });

      it('deletes a pool with everything in it', async () => {
        const p = poolRecord();
        await b.store.pools.create(p, [keyRecord(p.id, 'id')]);
        const client = clientRecord(p.id);
        await b.store.clients.create(client);
        await b.store.domains.create({ domain: `gone-${uid()}`, poolId: p.id, custom: true, certificateArn: 'arn:aws:acm:x', managedLoginVersion: 2, createdAt: NOW });
        const user = userRecord(p.id);
        await b.store.users.create(user, [{ kind: 'email', value: 'x@example.com' }]);
        const passkey = passkeyRecord(user);
        await b.store.passkeys.insert(passkey, 20);
        const session = sessionRecord(user);
        await b.store.sessions.create(session);
        const f = family(user);
        await b.store.tokens.createFamily(f.family, f.refresh, f.holder);
        await b.store.outbox.add({ id: `m-${uid()}`, poolId: p.id, username: user.username, channel: 'SMS', destination: '+15555550100', purpose: 'MFA', message: 'm', createdAt: NOW });
        await b.store.groups.create(groupRecord(p.id, 'members'), 10);
        await b.store.groups.addMember(p.id, 'members', user.username, 10, NOW);

        assert.equal(await b.store.pools.delete(p.id), true);
        assert.equal(await b.store.pools.delete(p.id), false);
        assert.equal(await b.store.pools.get(p.id), undefined);
        assert.equal(await b.store.clients.get(client.clientId), undefined);
        assert.deepEqual(await b.store.domains.listForPool(p.id), []);
        assert.deepEqual(await b.store.keys.listForPool(p.id), []);
        assert.equal(await b.store.users.get(p.id, user.username), undefined);
        assert.equal(await b.store.passkeys.get(passkey.credentialId), undefined);
        assert.equal((await b.store.sessions.consume(session.id, NOW)).outcome, 'unknown');
        assert.equal(await b.store.tokens.getFamily(f.family.originJti), undefined);
        assert.deepEqual(await b.store.outbox.list({ poolId: p.id, limit: 10 }), []);
        assert.deepEqual((await b.store.groups.list(p.id, 10)).items, []);
        assert.deepEqual((await b.store.groups.listForUser(p.id, user.username, 10)).items, []);
      });

      it('answers a ping', async () => {
        await b.store.ping();
      });
    });
  });
}

contract('SQLite', sqliteBackend);
const postgresUrl = testDatabaseUrl();
contract('PostgreSQL', () => postgresBackend(postgresUrl!), postgresUrl ? undefined : 'KEYPOOL_TEST_DATABASE_URL is not set');
