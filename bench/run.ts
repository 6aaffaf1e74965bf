// `npm run bench [-- --quick] [-- --profile <dir>]`: keypool under load on SQLite and PostgreSQL,
// with 1 thousand and 1 million users and passkeys, beside the ceilings of this machine (a bare
// node:http server, one core's RSA-2048 signatures and P-256 verifications) and beside cognito-local.
// Writes docs/benchmarks.json and docs/benchmarks.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPasswordCredential } from '../src/users/passwords.js';
import { createTestSchema } from '../test/support/postgres.js';
import { BenchAuthenticator } from './authenticator.js';
import { cognitoLocalTokens, COGNITO_LOCAL_VERSION, installCognitoLocal, startSeededCognitoLocal } from './cognitoLocal.js';
import { cryptoCeilings, scryptCeiling } from './crypto.js';
import { hammer, sampleCpu, sampleRss, type Throughput } from './measure.js';
import { benchDatabase, roundTripCeiling } from './postgres.js';
import { startKeypoolProcess, startProcess, type ServerProcess } from './processes.js';
import { BESIDE_COGNITO_LOCAL, machine, renderReport, type BenchReport, type Measured, type Scenario } from './report.js';
import { getUser, passkeySignIn, passwordSignIn, pickUser, registrationCeremony, startRegistration, type Load } from './scenarios.js';
import { createBenchPool, mintAccessTokens, openDriver, PASSWORD, seedUsers, usernameOf } from './seed.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, profile: { type: 'string' }, 'skip-cognito-local': { type: 'boolean' } },
});
const quick = flags.quick ?? false;
const settings = quick
  ? { seconds: 3, warmupSeconds: 1, sizes: [1_000], comparisonSizes: [1_000], tokens: 500, connections: 16, cryptoSeconds: 1 }
  : { seconds: 6, warmupSeconds: 2, sizes: [1_000, 1_000_000], comparisonSizes: [1_000, 10_000], tokens: 2_000, connections: 16, cryptoSeconds: 2 };
const load: Load = { seconds: settings.seconds, connections: settings.connections };
const warmup: Load = { seconds: settings.warmupSeconds, connections: settings.connections };
const authenticator = new BenchAuthenticator();

type Operation = 'StartWebAuthnRegistration' | 'GetUser' | 'RegistrationCeremony' | 'PasskeySignIn' | 'PasswordSignIn';
const ALL: Operation[] = ['StartWebAuthnRegistration', 'GetUser', 'RegistrationCeremony', 'PasskeySignIn', 'PasswordSignIn'];

const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

/** Users spread over the whole range: the ones whose access tokens are minted. */
const spread = (users: number, count: number) => Array.from({ length: Math.min(users, count) }, (_, k) => pickUser(k, users));

/**
 * Runs `work` once to warm up (JIT, caches, connections), then measures it twice and keeps the
 * faster run, as the ceilings are kept: other work on a shared machine can only slow a run down.
 * The peak memory is the higher of the two.
 */
async function measured(server: ServerProcess, work: (load: Load) => Promise<Throughput & { firstError?: string }>, store?: string): Promise<Measured> {
  await work(warmup);
  const runs: Measured[] = [];
  for (let i = 0; i < 2; i++) {
    const rss = sampleRss(server.pid);
    const cpu = sampleCpu(server.pid, { postgres: store === 'postgres' });
    const result = await work(load);
    runs.push({ ...result, peakRssMiB: rss.stop(), cpu: cpu.stop(result.completed) });
  }
  const [faster, slower] = runs[0]!.perSecond >= runs[1]!.perSecond ? [runs[0]!, runs[1]!] : [runs[1]!, runs[0]!];
  return { ...faster, peakRssMiB: Math.max(faster.peakRssMiB, slower.peakRssMiB) };
}

async function keypoolScenario(store: 'sqlite' | 'postgres', users: number, workers: number, operations: Operation[], databaseUrl?: string): Promise<Scenario> {
  log(`keypool ${store}, ${users} users, ${workers} worker(s)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'keypool-bench-'));
  const schema = store === 'postgres' ? await createTestSchema(databaseUrl!) : undefined;
  const server = await startKeypoolProcess(root, {
    dataDir,
    databaseUrl: schema?.url,
    workers,
    nodeFlags: flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : [],
  });
  try {
    const pool = await createBenchPool(server.url);
    const driver = openDriver(dataDir, schema?.url);
    const seedStart = Date.now();
    const credential = await createPasswordCredential(pool.poolId, 'bench', PASSWORD, false, seedStart);
    await seedUsers(driver, pool.poolId, users, credential, authenticator.coseKey, seedStart);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    if (store === 'sqlite') await driver.run('PRAGMA wal_checkpoint(TRUNCATE)');
    log(`  seeded ${users} users and passkeys in ${seedSeconds.toFixed(1)} s`);
    const tokens = await mintAccessTokens(driver, server.url, pool, spread(users, settings.tokens));
    await driver.close();
    const idleRssMiB = sampleRss(server.pid).stop();
    const results: Partial<Record<Operation, Measured>> = {};
    for (const operation of operations) {
      const run = {
        StartWebAuthnRegistration: (l: Load) => startRegistration(server.url, tokens, l),
        GetUser: (l: Load) => getUser(server.url, tokens, l),
        RegistrationCeremony: (l: Load) => registrationCeremony(server.url, tokens, authenticator, l),
        PasskeySignIn: (l: Load) => passkeySignIn(server.url, pool, users, authenticator, l),
        PasswordSignIn: (l: Load) => passwordSignIn(server.url, pool.clientId, (n) => usernameOf(pickUser(n, users)), l),
      }[operation];
      results[operation] = await measured(server, run, store);
      const r = results[operation]!;
      log(`  ${operation}: ${r.perSecond.toFixed(0)}/s p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors${r.firstError ? ` (${r.firstError})` : ''}, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
    }
    return { server: 'keypool', store, users, workers, seedSeconds, idleRssMiB, results };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
}

async function cognitoLocalScenario(script: string, users: number): Promise<Scenario> {
  log(`cognito-local ${COGNITO_LOCAL_VERSION}, ${users} users`);
  const dataDir = mkdtempSync(join(tmpdir(), 'keypool-bench-cognito-local-'));
  const { server, clientId } = await startSeededCognitoLocal(script, dataDir, users);
  try {
    const tokens = await cognitoLocalTokens(server.url, clientId, spread(users, Math.min(200, settings.tokens)));
    const idleRssMiB = sampleRss(server.pid).stop();
    const results: Scenario['results'] = {};
    results.GetUser = await measured(server, (l) => getUser(server.url, tokens, l));
    results.PasswordSignIn = await measured(server, (l) => passwordSignIn(server.url, clientId, (n) => usernameOf(pickUser(n, users)), l));
    for (const [operation, r] of Object.entries(results)) {
      if (!r) continue;
      log(`  ${operation}: ${r.perSecond.toFixed(0)}/s p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`);
    }
    return { server: `cognito-local ${COGNITO_LOCAL_VERSION}`, store: 'JSON file', users, workers: 1, idleRssMiB, results };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function bareCeiling(): Promise<Measured> {
  const server = await startProcess([join(root, 'dist', 'bench', 'bareServer.js')], /listening on (http:\/\/\S+)/);
  try {
    const body = JSON.stringify({ AccessToken: 'x'.repeat(900) });
    return await measured(server, (l) => hammer(server.url, 'GetUser', () => body, l.seconds, l.connections));
  } finally {
    await server.stop();
  }
}

async function main() {
  const started = Date.now();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadBefore = loadavg();
  log(`${quick ? 'quick' : 'full'} run; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  // The ceilings are measured at the start and again at the end, and the better of the two kept:
  // other work on a shared machine can only lower a ceiling, and a low ceiling flatters the ratios.
  const ceilings = async () => {
    const crypto = { ...cryptoCeilings(settings.cryptoSeconds), scryptPerSecond: await scryptCeiling(settings.cryptoSeconds) };
    log(`one core: ${crypto.rsa2048SignPerSecond.toFixed(0)} RSA-2048 signatures/s, ${crypto.p256VerifyPerSecond.toFixed(0)} P-256 verifications/s; scrypt on the thread pool: ${crypto.scryptPerSecond.toFixed(1)}/s`);
    const bare = await bareCeiling();
    log(`bare node:http: ${bare.perSecond.toFixed(0)} requests/s`);
    return { crypto, bare };
  };
  const first = await ceilings();

  const scenarios: Scenario[] = [];
  for (const users of settings.sizes) scenarios.push(await keypoolScenario('sqlite', users, 1, ALL));
  const scaling: Operation[] = ['StartWebAuthnRegistration', 'GetUser', 'PasskeySignIn'];
  scenarios.push(await keypoolScenario('sqlite', 1_000, 2, scaling));
  let database: Awaited<ReturnType<typeof benchDatabase>>;
  try {
    database = await benchDatabase();
    if (!database) log('no PostgreSQL (set KEYPOOL_BENCH_DATABASE_URL or install postgresql): skipped');
  } catch (error) {
    log(`PostgreSQL could not be started, skipped: ${(error as Error).message}`);
  }
  let postgresRoundTripsPerSecond: number | undefined;
  if (database) {
    try {
      postgresRoundTripsPerSecond = await roundTripCeiling(database.url, settings.cryptoSeconds, settings.connections);
      log(`PostgreSQL: ${postgresRoundTripsPerSecond.toFixed(0)} round trips/s (SELECT 1, ${settings.connections} at once)`);
      for (const users of settings.sizes) scenarios.push(await keypoolScenario('postgres', users, 1, ALL, database.url));
      scenarios.push(await keypoolScenario('postgres', 1_000, 2, scaling, database.url));
    } finally {
      database.stop();
    }
  }
  if (!flags['skip-cognito-local']) {
    let script: string | undefined;
    try {
      script = installCognitoLocal(join(tmpdir(), 'keypool-bench-cognito-local-install'));
    } catch (error) {
      log(`cognito-local could not be installed, comparison skipped: ${(error as Error).message}`);
    }
    // keypool is measured again right beside cognito-local, so that both meet the same machine load.
    for (const users of script ? settings.comparisonSizes : []) {
      const ours = await keypoolScenario('sqlite', users, 1, ['GetUser', 'PasswordSignIn']);
      scenarios.push({ ...ours, server: BESIDE_COGNITO_LOCAL });
      scenarios.push(await cognitoLocalScenario(script!, users));
    }
  }

  const last = await ceilings();
  const bare = last.bare.perSecond > first.bare.perSecond ? last.bare : first.bare;
  const crypto = {
    rsa2048SignPerSecond: Math.max(first.crypto.rsa2048SignPerSecond, last.crypto.rsa2048SignPerSecond),
    p256VerifyPerSecond: Math.max(first.crypto.p256VerifyPerSecond, last.crypto.p256VerifyPerSecond),
    scryptPerSecond: Math.max(first.crypto.scryptPerSecond, last.crypto.scryptPerSecond),
  };
  const report: BenchReport = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: machine(),
    loadAverage: { before: loadBefore, after: loadavg() },
    settings: { ...settings, cpus: cpus().length },
    ceilings: { bareServer: bare, ...crypto, ...(postgresRoundTripsPerSecond === undefined ? {} : { postgresRoundTripsPerSecond }) },
    scenarios,
    durationSeconds: (Date.now() - started) / 1000,
  };
  const { markdown, json } = renderReport(report);
  writeFileSync(join(root, 'docs', 'benchmarks.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(root, 'docs', 'benchmarks.md'), markdown);
  log(`done in ${report.durationSeconds.toFixed(0)} s: docs/benchmarks.md, docs/benchmarks.json`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
