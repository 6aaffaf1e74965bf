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
import { startRegistrationStoreFloor } from './storeFloor.js';
import { startKeypoolProcess, startProcess, type ServerProcess } from './processes.js';
import { BESIDE_COGNITO_LOCAL, machine, renderReport, type BenchReport, type Measured, type Scenario } from './report.js';
import { getUser, passkeySignIn, passwordSignIn, pickUser, registrationCeremony, startRegistration, type Load } from './scenarios.js';
import { createBenchPool, mintAccessTokens, openDriver, PASSWORD, SEEDED_CREDENTIAL_PREFIX, seedUsers, sqliteFileOf, usernameOf } from './seed.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, profile: { type: 'string' }, 'skip-cognito-local': { type: 'boolean' } },
});
const quick = flags.quick ?? false;
const settings = quick
  ? { seconds: 3, warmupSeconds: 1, rounds: 2, sizes: [1_000], comparisonSizes: [1_000], tokens: 500, connections: 64, cryptoSeconds: 1 }
  : { seconds: 6, warmupSeconds: 2, rounds: 3, sizes: [1_000, 1_000_000], comparisonSizes: [1_000, 10_000], tokens: 2_000, connections: 64, cryptoSeconds: 2 };
const load: Load = { seconds: settings.seconds, connections: settings.connections };
const warmup: Load = { seconds: settings.warmupSeconds, connections: settings.connections };
const authenticator = new BenchAuthenticator();

type Operation = 'StartWebAuthnRegistration' | 'GetUser' | 'RegistrationCeremony' | 'PasskeySignIn' | 'PasswordSignIn';
const ALL: Operation[] = ['StartWebAuthnRegistration', 'GetUser', 'RegistrationCeremony', 'PasskeySignIn', 'PasswordSignIn'];

const log = (text: string) => process.stderr.write(`[bench] ${text}\n`);

/** Users spread over the whole range: the ones whose access tokens are minted. */
const spread = (users: number, count: number) => Array.from({ length: Math.min(users, count) }, (_, k) => pickUser(k, users));

type Work = (load: Load) => Promise<Throughput & { firstError?: string }>;

/** One measurement of `work` against `server`, with the server's peak memory and where the CPU time went. */
async function measureOnce(server: ServerProcess, work: Work, store?: string): Promise<Measured> {
  const rss = sampleRss(server.pid);
  const cpu = sampleCpu(server.pid, { postgres: store === 'postgres' });
  const result = await work(load);
  return { ...result, peakRssMiB: rss.stop(), cpu: cpu.stop(result.completed) };
}

/**
 * The fastest of the runs, as the ceilings are kept: other work on a shared machine can only slow a
 * run down. The peak memory is the highest of them.
 */
function fastestOf(runs: Measured[]): Measured {
  const fastest = runs.reduce((best, run) => (run.perSecond > best.perSecond ? run : best));
  return { ...fastest, peakRssMiB: Math.max(...runs.map((run) => run.peakRssMiB)) };
}

/** Runs `work` once to warm up (JIT, caches, connections), then measures it `settings.rounds` times and keeps the fastest run. */
async function measured(server: ServerProcess, work: Work): Promise<Measured> {
  await work(warmup);
  const runs: Measured[] = [];
  for (let round = 0; round < settings.rounds; round++) runs.push(await measureOnce(server, work));
  return fastestOf(runs);
}

/** A keypool server started and seeded, ready to be measured. */
interface PreparedKeypool {
  store: 'sqlite' | 'postgres';
  users: number;
  workers: number;
  operations: Operation[];
  server: ServerProcess;
  run: Record<Operation, Work>;
  seedSeconds: number;
  idleRssMiB: number;
  dataDir: string;
  /**
   * Deletes the passkeys registration ceremonies added, so that each measurement starts with one a
   * user (a user holds at most 20: a run of thousands of ceremonies a second would reach that).
   */
  forgetRegistrations(): Promise<void>;
  /**
   * PostgreSQL: ANALYZE, as autovacuum does within its minute on a running server. Sign-ins fill
   * tables that a fresh schema starts empty, and a connection keeps the plans it made while they
   * were; planner statistics that change make it plan again.
   */
  analyze(): Promise<void>;
  stop(): Promise<void>;
}

async function prepareKeypool(store: 'sqlite' | 'postgres', users: number, workers: number, operations: Operation[], databaseUrl?: string): Promise<PreparedKeypool> {
  log(`keypool ${store}, ${users} users, ${workers} worker(s)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'keypool-bench-'));
  const schema = store === 'postgres' ? await createTestSchema(databaseUrl!) : undefined;
  let server: ServerProcess | undefined;
  const stop = async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  };
  try {
    server = await startKeypoolProcess(root, {
      dataDir,
      databaseUrl: schema?.url,
      workers,
      nodeFlags: flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : [],
    });
    const { url } = server;
    const pool = await createBenchPool(url);
    const driver = openDriver(dataDir, schema?.url);
    const seedStart = Date.now();
    const credential = await createPasswordCredential(pool.poolId, 'bench', PASSWORD, false, seedStart);
    await seedUsers(driver, pool.poolId, users, credential, authenticator.coseKey, seedStart);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    if (store === 'sqlite') await driver.run('PRAGMA wal_checkpoint(TRUNCATE)');
    log(`  seeded ${users} users and passkeys in ${seedSeconds.toFixed(1)} s`);
    const tokens = await mintAccessTokens(driver, url, pool, spread(users, settings.tokens));
    await driver.close();
    const run: Record<Operation, Work> = {
      StartWebAuthnRegistration: (l) => startRegistration(url, tokens, l),
      GetUser: (l) => getUser(url, tokens, l),
      RegistrationCeremony: (l) => registrationCeremony(url, tokens, authenticator, l),
      PasskeySignIn: (l) => passkeySignIn(url, pool, users, authenticator, l),
      PasswordSignIn: (l) => passwordSignIn(url, pool.clientId, (n) => usernameOf(pickUser(n, users)), l),
    };
    const onStore = async (sql: string, params: string[] = []) => {
      const driver = openDriver(dataDir, schema?.url);
      try {
        await driver.run(sql, params);
      } finally {
        await driver.close();
      }
    };
    const forgetRegistrations = () => onStore(`DELETE FROM passkeys WHERE credential_id NOT LIKE ?`, [`${SEEDED_CREDENTIAL_PREFIX}%`]);
    const analyze = async () => {
      if (store === 'postgres') await onStore('ANALYZE');
    };
    return { store, users, workers, operations, server, run, seedSeconds, idleRssMiB: sampleRss(server.pid).stop(), dataDir, forgetRegistrations, analyze, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Each operation on every prepared server that runs it, the servers taken in turn: all warmed up,
 * then `settings.rounds` rounds of one measurement each, the fastest kept. The runs a target compares (1k against
 * 1M users, PostgreSQL against SQLite, two workers against one) are so minutes apart at most,
 * where the machine's speed drifts by a third over the length of a whole run. So is the ceiling
 * each target divides by (`ceilings`), measured once in every round of the operation it bounds.
 */
async function measureInTurn(prepared: PreparedKeypool[], ceilings?: Ceilings): Promise<Scenario[]> {
  const results = new Map(prepared.map((p) => [p, {} as Partial<Record<Operation, Measured>>]));
  for (const operation of ALL) {
    const takers = prepared.filter((p) => p.operations.includes(operation));
    if (takers.length === 0) continue;
    const before = async (p: PreparedKeypool) => {
      if (operation === 'RegistrationCeremony') await p.forgetRegistrations();
    };
    for (const p of takers) {
      await before(p);
      await p.run[operation](warmup);
      await p.analyze();
    }
    const runs = new Map(takers.map((p) => [p, [] as Measured[]]));
    for (let round = 0; round < settings.rounds; round++) {
      await ceilings?.measureBeside(operation);
      for (const p of takers) {
        await before(p);
        runs.get(p)!.push(await measureOnce(p.server, p.run[operation], p.store));
      }
    }
    for (const p of takers) {
      const r = fastestOf(runs.get(p)!);
      results.get(p)![operation] = r;
      log(
        `${p.store} ${p.users} users ${p.workers} worker(s) ${operation}: ${r.perSecond.toFixed(0)}/s p50 ${r.p50.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms, ` +
          `${r.errors} errors${r.firstError ? ` (${r.firstError})` : ''}, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
      );
    }
  }
  return prepared.map((p) => ({ server: 'keypool', store: p.store, users: p.users, workers: p.workers, seedSeconds: p.seedSeconds, idleRssMiB: p.idleRssMiB, results: results.get(p)! }));
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

/**
 * The machine's ceilings, each measured in every round of the operation it bounds and the fastest
 * kept (other work on a shared machine can only lower a ceiling, and a low ceiling flatters the
 * ratios): the bare node:http server (and the least StartWebAuthnRegistration's statements cost on
 * SQLite, `storeFloorOf`) beside StartWebAuthnRegistration, one core's RSA signatures (and P-256
 * verifications) beside passkey sign-in, keypool's password hash beside password sign-in.
 */
class Ceilings {
  private bare?: ServerProcess;
  /** The database file of the SQLite server whose StartWebAuthnRegistration is compared with the bare server. */
  storeFloorOf?: string;
  private readonly storeFloor: number[] = [];
  private readonly bareRuns: Measured[] = [];
  private readonly rsa: number[] = [];
  private readonly p256: number[] = [];
  private readonly scrypt: number[] = [];

  private readonly bareBody = JSON.stringify({ AccessToken: 'x'.repeat(900) });
  private readonly bareWork: Work = (l) => hammer(this.bare!.url, 'GetUser', () => this.bareBody, l.seconds, l.connections);

  async measureBeside(operation: Operation): Promise<void> {
    if (operation === 'StartWebAuthnRegistration') {
      if (!this.bare) {
        this.bare = await startProcess([join(root, 'dist', 'bench', 'bareServer.js')], /listening on (http:\/\/\S+)/);
        await this.bareWork(warmup);
      }
      const run = await measureOnce(this.bare, this.bareWork);
      this.bareRuns.push(run);
      log(`bare node:http: ${run.perSecond.toFixed(0)} requests/s`);
      if (this.storeFloorOf) {
        this.storeFloor.push(startRegistrationStoreFloor(sqliteFileOf(this.storeFloorOf), settings.connections));
        log(`StartWebAuthnRegistration's statements alone: ${this.storeFloor.at(-1)!.toFixed(0)} µs a call`);
      }
    } else if (operation === 'PasskeySignIn') {
      const crypto = cryptoCeilings(settings.cryptoSeconds);
      this.rsa.push(crypto.rsa2048SignPerSecond);
      this.p256.push(crypto.p256VerifyPerSecond);
      log(`one core: ${crypto.rsa2048SignPerSecond.toFixed(0)} RSA-2048 signatures/s, ${crypto.p256VerifyPerSecond.toFixed(0)} P-256 verifications/s`);
    } else if (operation === 'PasswordSignIn') {
      const perSecond = await scryptCeiling(settings.cryptoSeconds);
      this.scrypt.push(perSecond);
      log(`scrypt on the thread pool: ${perSecond.toFixed(1)}/s`);
    }
  }

  async stop(): Promise<void> {
    await this.bare?.stop();
  }

  measured(): BenchReport['ceilings'] {
    return {
      bareServer: fastestOf(this.bareRuns),
      rsa2048SignPerSecond: Math.max(...this.rsa),
      p256VerifyPerSecond: Math.max(...this.p256),
      scryptPerSecond: Math.max(...this.scrypt),
      ...(this.storeFloor.length ? { startRegistrationStoreMicros: Math.min(...this.storeFloor) } : {}),
    };
  }
}

async function main() {
  const started = Date.now();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const loadBefore = loadavg();
  log(`${quick ? 'quick' : 'full'} run; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const ceilings = new Ceilings();
  const scaling: Operation[] = ['StartWebAuthnRegistration', 'GetUser', 'PasskeySignIn'];
  const scenarios: Scenario[] = [];
  const prepared: PreparedKeypool[] = [];
  let database: Awaited<ReturnType<typeof benchDatabase>>;
  let postgresRoundTripsPerSecond: number | undefined;
  try {
    for (const users of settings.sizes) prepared.push(await prepareKeypool('sqlite', users, 1, ALL));
    ceilings.storeFloorOf = prepared[0]!.dataDir;
    prepared.push(await prepareKeypool('sqlite', 1_000, 2, scaling));
    try {
      database = await benchDatabase();
      if (!database) log('no PostgreSQL (set KEYPOOL_BENCH_DATABASE_URL or install postgresql): skipped');
    } catch (error) {
      log(`PostgreSQL could not be started, skipped: ${(error as Error).message}`);
    }
    if (database) {
      postgresRoundTripsPerSecond = await roundTripCeiling(database.url, settings.cryptoSeconds, settings.connections);
      log(`PostgreSQL: ${postgresRoundTripsPerSecond.toFixed(0)} round trips/s (SELECT 1, ${settings.connections} at once)`);
      for (const users of settings.sizes) prepared.push(await prepareKeypool('postgres', users, 1, ALL, database.url));
      prepared.push(await prepareKeypool('postgres', 1_000, 2, scaling, database.url));
    }
    scenarios.push(...(await measureInTurn(prepared, ceilings)));
  } finally {
    for (const p of prepared) await p.stop();
    database?.stop();
    await ceilings.stop();
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
      const ours = await prepareKeypool('sqlite', users, 1, ['GetUser', 'PasswordSignIn']);
      try {
        const [measuredOurs] = await measureInTurn([ours]);
        scenarios.push({ ...measuredOurs!, server: BESIDE_COGNITO_LOCAL });
      } finally {
        await ours.stop();
      }
      scenarios.push(await cognitoLocalScenario(script!, users));
    }
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: machine(),
    loadAverage: { before: loadBefore, after: loadavg() },
    settings: { ...settings, cpus: cpus().length },
    ceilings: { ...ceilings.measured(), ...(postgresRoundTripsPerSecond === undefined ? {} : { postgresRoundTripsPerSecond }) },
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
