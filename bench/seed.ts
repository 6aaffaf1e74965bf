// Setting up what the benchmark measures: a passkey-enabled pool and app client through the API,
// then users and passkeys in bulk straight through SQL (multi-row INSERTs in large transactions),
// and access tokens minted with keypool's own issuer against the same store.
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { App } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { defaultConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { loadServerSecret } from '../src/secrets.js';
import type { PasswordCredential } from '../src/store/records.js';
import type { SqlDriver, SqlValue } from '../src/store/sql/driver.js';
import { PgDriver } from '../src/store/sql/postgres.js';
import { SqliteDriver } from '../src/store/sql/sqlite.js';
import { SqlStore } from '../src/store/sql/store.js';
import { issueTokens } from '../src/tokens/issue.js';
import { KeyRing } from '../src/tokens/keys.js';
import { Functions } from '../src/triggers/functions.js';

export const ORIGIN = 'http://localhost:5173';
export const PASSWORD = 'Bench-Passw0rd!';

export const usernameOf = (i: number) => `bench-user-${String(i).padStart(7, '0')}`;
export const subOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
/** What the seeded passkeys' credential ids begin with (the benchmark's ceremonies register others). */
export const SEEDED_CREDENTIAL_PREFIX = 'kpbench';
/** 16 base64url characters: a valid 12-byte credential id, distinct for every user. */
export const credentialIdOf = (i: number) => `${SEEDED_CREDENTIAL_PREFIX}${String(i).padStart(9, '0')}`;
/** user.id of the user's passkey: base64url of the sub. */
export const userHandleOf = (i: number) => Buffer.from(subOf(i), 'utf8').toString('base64url');

export interface BenchPool {
  poolId: string;
  clientId: string;
}

export function adminClient(url: string) {
  return new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });
}

/** A pool that signs in with passwords and passkeys (RP ID localhost), and one app client. */
export async function createBenchPool(url: string): Promise<BenchPool> {
  const cognito = adminClient(url);
  try {
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: 'bench',
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      }),
    );
    const poolId = UserPool!.Id!;
    await cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } }),
    );
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'bench',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    return { poolId, clientId: UserPoolClient!.ClientId! };
  } finally {
    cognito.destroy();
  }
}

/** The SQLite database a keypool server keeps in `dataDir`. */
export const sqliteFileOf = (dataDir: string) => join(dataDir, 'keypool.sqlite');

export function openDriver(dataDir: string, databaseUrl?: string): SqlDriver {
  return databaseUrl ? new PgDriver(databaseUrl, { poolSize: 4, statementTimeoutMs: 600_000 }) : new SqliteDriver(sqliteFileOf(dataDir));
}

const ROWS_PER_STATEMENT = 100_000;

/**
 * Runs `INSERT ... SELECT ... FROM rows` for i in [0, count), the rows generated inside the database
 * (generate_series on PostgreSQL, a recursive CTE on SQLite), a chunk per statement. `select` builds
 * the SELECT list from `pad(expr, width)`, the dialect's zero padding, and reads the integer `i`.
 */
async function insertGenerated(driver: SqlDriver, table: string, columns: string[], count: number, params: SqlValue[], select: (pad: (width: number) => string) => string) {
  const postgres = driver.dialect === 'postgres';
  const pad = (width: number) => (postgres ? `lpad(i::text, ${width}, '0')` : `substr('${'0'.repeat(width)}' || i, -${width})`);
  const rows = postgres
    ? 'WITH rows(i) AS (SELECT generate_series(?::int, ?::int))'
    : 'WITH RECURSIVE rows(i) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT i + 1 FROM rows WHERE i < ?)';
  const sql = `${rows} INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select(pad)} FROM rows`;
  for (let first = 0; first < count; first += ROWS_PER_STATEMENT) {
    const last = Math.min(count, first + ROWS_PER_STATEMENT) - 1;
    await driver.run(sql, [first, last, ...params]);
  }
}

/**
 * `count` confirmed users (0..count-1) sharing one precomputed password credential, each with one
 * passkey, all passkeys sharing `coseKey` (distinct usernames, subs and credential ids, as
 * usernameOf, subOf and credentialIdOf give them).
 */
export async function seedUsers(driver: SqlDriver, poolId: string, count: number, password: PasswordCredential, coseKey: string, now: number) {
  const username = (pad: (width: number) => string) => `'bench-user-' || ${pad(7)}`;
  const sub = (pad: (width: number) => string) => `'00000000-0000-4000-8000-' || ${pad(12)}`;
  await insertGenerated(
    driver,
    'users',
    ['pool_id', 'username', 'sub', 'status', 'enabled', 'attributes', 'password', 'preferences', 'created_at', 'updated_at'],
    count,
    [poolId, JSON.stringify(password), now, now],
    (pad) =>
      `?, ${username(pad)}, ${sub(pad)}, 'CONFIRMED', 1,
       '{"sub":"' || ${sub(pad)} || '","email":"' || ${username(pad)} || '@bench.example","email_verified":"true"}',
       ?, '{}', ?, ?`,
  );
  await insertGenerated(
    driver,
    'passkeys',
    [
      'credential_id', 'pool_id', 'username', 'public_key', 'algorithm', 'sign_count', 'transports', 'attachment', 'aaguid',
      'attestation_format', 'backup_eligible', 'backed_up', 'user_verified', 'rp_id', 'created_at',
    ],
    count,
    [poolId, coseKey, now],
    (pad) =>
      `'kpbench' || ${pad(9)}, ?, ${username(pad)}, ?, -7, 0, '["internal"]', 'platform',
       '00000000-0000-0000-0000-000000000000', 'none', 0, 0, 1, 'localhost', ?`,
  );
}

/** Access tokens of the given users, signed by the pool's access key as a sign-in would issue them. */
export async function mintAccessTokens(driver: SqlDriver, url: string, pool: BenchPool, users: number[]): Promise<string[]> {
  const store = new SqlStore(driver);
  const app: App = {
    config: defaultConfig(),
    store,
    clock: systemClock,
    log: createLogger('silent'),
    keys: new KeyRing(store, systemClock),
    serverSecret: await loadServerSecret(store, systemClock.now()),
    issuer: (poolId) => `${url}/${poolId}`,
    functions: new Functions(defaultConfig()),
  };
  const poolRecord = (await store.pools.get(pool.poolId))!;
  const client = (await store.clients.get(pool.clientId))!;
  const tokens: string[] = [];
  for (const i of users) {
    const user = (await store.users.get(pool.poolId, usernameOf(i)))!;
    tokens.push((await issueTokens({ app }, poolRecord, client, user)).AccessToken!);
  }
  return tokens;
}
