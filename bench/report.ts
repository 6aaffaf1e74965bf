// docs/benchmarks.md and docs/benchmarks.json from one run: every result beside the ceilings
// measured in the same run, and each target as a ratio that holds on any machine.
import { cpus, totalmem, release, platform } from 'node:os';
import type { CpuUse, Throughput } from './measure.js';

export interface Measured extends Throughput {
  peakRssMiB: number;
  cpu?: CpuUse;
  firstError?: string;
}

/** The server name of keypool's runs made right before cognito-local's, for the comparison. */
export const BESIDE_COGNITO_LOCAL = 'keypool (beside cognito-local)';

export interface Scenario {
  server: string;
  store: string;
  users: number;
  workers: number;
  seedSeconds?: number;
  idleRssMiB: number;
  results: Partial<Record<string, Measured>>;
}

export interface BenchReport {
  date: string;
  mode: 'quick' | 'full';
  machine: ReturnType<typeof machine>;
  loadAverage: { before: number[]; after: number[] };
  settings: Record<string, unknown>;
  ceilings: {
    bareServer: Measured;
    rsa2048SignPerSecond: number;
    p256VerifyPerSecond: number;
    scryptPerSecond: number;
    postgresRoundTripsPerSecond?: number;
    /** StartWebAuthnRegistration's SQLite statements alone, µs of CPU a call (bench/storeFloor.ts). */
    startRegistrationStoreMicros?: number;
  };
  scenarios: Scenario[];
  durationSeconds: number;
}

export function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

interface Target {
  target: string;
  measured: string;
  holds: boolean;
  /** For a target that does not hold: the limit of this machine it meets, and where the report measures it. */
  limit?: string;
}

const f0 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(0));
const f1 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));
const f2 = (n: number) => n.toFixed(2);
const usersText = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function find(report: BenchReport, server: string, store: string, users: number, workers = 1) {
  const named = (s: Scenario) => (server === 'cognito-local' ? s.server.startsWith(server) : s.server === server);
  return report.scenarios.find((s) => named(s) && s.store === store && s.users === users && s.workers === workers);
}

/** The share of the machine's cores busy from which a run has no CPU left to gain from. */
const SATURATED = 0.9;

/** `ratio` in percent: whole, or to a tenth where the whole number would be the `line` it is held to. */
function percent(ratio: number, line: number): string {
  const whole = Math.round(ratio * 100);
  return whole === Math.round(line * 100) ? (ratio * 100).toFixed(1) : String(whole);
}

function targets(report: BenchReport): Target[] {
  const out: Target[] = [];
  const { bareServer, rsa2048SignPerSecond } = report.ceilings;
  const small = find(report, 'keypool', 'sqlite', 1_000);
  const start = small?.results.StartWebAuthnRegistration;
  if (start) {
    const ratio = start.perSecond / bareServer.perSecond;
    out.push({
      target: 'StartWebAuthnRegistration ≥ 50% of the bare node:http server (SQLite, 1k users, 1 process)',
      measured: `${f0(start.perSecond)}/s ÷ ${f0(bareServer.perSecond)}/s = ${percent(ratio, 0.5)}%`,
      holds: ratio >= 0.5,
      limit: startFloor(report)?.exceedsBudget ? 'its statements and the bare exchange alone exceed the budget (see *Single calls*)' : undefined,
    });
  }
  for (const store of ['sqlite', 'postgres']) {
    const passkey = find(report, 'keypool', store, 1_000)?.results.PasskeySignIn;
    if (!passkey) continue;
    const ceiling = rsa2048SignPerSecond / 2;
    out.push({
      target: `passkey sign-ins/s ≥ 50% of (RSA-2048 signatures/s ÷ 2) (${store}, 1k users)`,
      measured: `${f0(passkey.perSecond)}/s ÷ ${f0(ceiling)}/s = ${percent(passkey.perSecond / ceiling, 0.5)}%`,
      holds: passkey.perSecond >= 0.5 * ceiling,
    });
  }
  for (const store of ['sqlite', 'postgres']) {
    const password = find(report, 'keypool', store, 1_000)?.results.PasswordSignIn;
    if (!password) continue;
    const ratio = password.perSecond / report.ceilings.scryptPerSecond;
    out.push({
      target: `password sign-ins/s ≥ 90% of keypool's password hashes/s (${store}, 1k users)`,
      measured: `${f1(password.perSecond)}/s ÷ ${f1(report.ceilings.scryptPerSecond)}/s = ${percent(ratio, 0.9)}%`,
      holds: ratio >= 0.9,
    });
  }
  const comparedSizes = report.scenarios.filter((s) => s.server.startsWith('cognito-local')).map((s) => s.users);
  if (comparedSizes.length) {
    const users = Math.max(...comparedSizes);
    const ours = find(report, BESIDE_COGNITO_LOCAL, 'sqlite', users);
    const theirs = find(report, 'cognito-local', 'JSON file', users);
    for (const operation of ['GetUser', 'PasswordSignIn']) {
      const a = ours?.results[operation];
      const b = theirs?.results[operation];
      if (!a || !b) continue;
      const ratio = a.perSecond / b.perSecond;
      const needed = 20 * b.perSecond;
      const ceiling =
        operation === 'PasswordSignIn'
          ? { name: "keypool's password-hash ceiling", perSecond: report.ceilings.scryptPerSecond, see: 'Password sign-in' }
          : { name: 'the bare server', perSecond: bareServer.perSecond, see: 'Ceilings' };
      out.push({
        target: `${operation} ≥ 20× cognito-local (${usersText(users)} users)`,
        measured: `${f0(a.perSecond)}/s ÷ ${f1(b.perSecond)}/s = ${ratio.toFixed(1)}×`,
        holds: ratio >= 20,
        limit: needed > ceiling.perSecond ? `20× is ${f0(needed)}/s, above ${ceiling.name}, ${f1(ceiling.perSecond)}/s (see *${ceiling.see}*)` : undefined,
      });
    }
  }
  for (const store of ['sqlite', 'postgres']) {
    const big = find(report, 'keypool', store, 1_000_000);
    const base = find(report, 'keypool', store, 1_000);
    if (!big || !base) continue;
    for (const [operation, r] of Object.entries(big.results)) {
      const b = base.results[operation];
      if (!r || !b) continue;
      const ratio = r.p50 / b.p50;
      out.push({
        target: `${operation} p50 at 1M ≤ 1.3× p50 at 1k (${store})`,
        measured: `${f1(r.p50)} ms ÷ ${f1(b.p50)} ms = ${f2(ratio)}×`,
        holds: ratio <= 1.3,
      });
    }
    const peak = Math.max(...Object.values(big.results).map((r) => r!.peakRssMiB));
    out.push({ target: `server RSS < 250 MB at 1M users and passkeys (${store})`, measured: `peak ${f0(peak)} MiB`, holds: peak * 1.048576 < 250 });
  }
  const sqlite = find(report, 'keypool', 'sqlite', 1_000);
  const postgres = find(report, 'keypool', 'postgres', 1_000);
  for (const [operation, p] of Object.entries(postgres?.results ?? {})) {
    const s = sqlite?.results[operation];
    if (!p || !s) continue;
    const ratio = p.perSecond / s.perSecond;
    out.push({
      target: `PostgreSQL ≥ 50% of SQLite: ${operation} (1k users, 1 process)`,
      measured: `${f0(p.perSecond)}/s ÷ ${f0(s.perSecond)}/s = ${percent(ratio, 0.5)}%`,
      holds: ratio >= 0.5,
    });
  }
  for (const store of ['sqlite', 'postgres']) {
    const one = find(report, 'keypool', store, 1_000, 1);
    const two = find(report, 'keypool', store, 1_000, 2);
    if (!one || !two) continue;
    for (const [operation, r] of Object.entries(two.results)) {
      const b = one.results[operation];
      if (!r || !b) continue;
      const ratio = r.perSecond / b.perSecond;
      const saturated = r.cpu && b.cpu && r.cpu.coresBusy >= SATURATED * report.machine.cores;
      out.push({
        target: `--workers 2 no slower than 1 process: ${operation} (${store}, 1k users)`,
        measured: `${f0(r.perSecond)}/s ÷ ${f0(b.perSecond)}/s = ${f2(ratio)}×`,
        holds: ratio >= 1,
        limit: saturated
          ? `the ${report.machine.cores} cores, ${f1(r.cpu!.coresBusy)} busy, and ${f2(cpuInAll(r.cpu!) / cpuInAll(b.cpu!))}× the CPU an operation (see *Workers*)`
          : undefined,
      });
    }
  }
  return out;
}

const OPERATION_TEXT: Record<string, string> = {
  StartWebAuthnRegistration: 'StartWebAuthnRegistration (autocannon, distinct access tokens)',
  GetUser: 'GetUser (autocannon, distinct access tokens)',
  RegistrationCeremony: 'registration ceremony: Start + Complete (ES256, none)',
  PasskeySignIn: 'passkey sign-in: InitiateAuth USER_AUTH + RespondToAuthChallenge WEB_AUTHN',
  PasswordSignIn: 'password sign-in: InitiateAuth USER_PASSWORD_AUTH',
};

const micros = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : `${n.toFixed(0)} µs`);
const storeName = (store: string) => (store === 'sqlite' ? 'SQLite' : 'PostgreSQL');

/** The CPU an operation took on the whole machine: the server's, PostgreSQL's and the load generator's. */
const cpuInAll = (cpu: CpuUse) => cpu.serverMicros + (cpu.postgresMicros ?? 0) + cpu.loadGeneratorMicros;

/** What this run's CPU times allow a measurement: one event loop alone, and all the cores. */
function cpuBounds(r: Measured, cores: number): { eventLoop: number; cores: number } | undefined {
  if (!r.cpu) return undefined;
  return { eventLoop: 1e6 / r.cpu.eventLoopMicros, cores: (cores * 1e6) / cpuInAll(r.cpu) };
}

function passkeyLimits(report: BenchReport): string {
  const cores = report.machine.cores;
  const target = report.ceilings.rsa2048SignPerSecond / 4;
  const signatures = 2e6 / report.ceilings.rsa2048SignPerSecond;
  const sentences = [`The target asks for a quarter of the RSA row above, ${f0(target)} sign-ins a second in this run.`];
  for (const store of ['sqlite', 'postgres']) {
    const r = find(report, 'keypool', store, 1_000)?.results.PasskeySignIn;
    const bounds = r && cpuBounds(r, cores);
    if (!r?.cpu || !bounds) continue;
    const postgres = r.cpu.postgresMicros === undefined ? '' : `, PostgreSQL's processes ${micros(r.cpu.postgresMicros)}`;
    const bound = Math.min(bounds.eventLoop, bounds.cores);
    const verdict =
      bound < target
        ? 'less than the target: at the CPU a sign-in takes, this machine cannot'
        : `so that reaching the target needs ${f0((100 * target) / bounds.cores)}% of both cores, ` +
          'where a closed loop of callers, waiting between their two requests and for the thread pool, leaves some of them idle';
    sentences.push(
      `On ${storeName(store)} (1k users) a sign-in cost the server ${micros(r.cpu.serverMicros)} of CPU, ` +
        `${micros(r.cpu.eventLoopMicros)} of it on its event loop (the two signatures are about ${micros(signatures)} of the thread pool)${postgres}, ` +
        `and the load generator ${micros(r.cpu.loadGeneratorMicros)}: one event loop can finish at most ${f0(bounds.eventLoop)} sign-ins a second ` +
        `and the ${cores} cores, whatever runs where, ${f0(bounds.cores)}, ${verdict}; it finished ${f0(r.perSecond)}, with ${f1(r.cpu.coresBusy)} cores busy.`,
    );
  }
  return sentences.join(' ');
}

function workersLimits(report: BenchReport): string {
  const range = (values: number[], format: (n: number) => string = f1) => {
    const [low, high] = [format(Math.min(...values)), format(Math.max(...values))];
    return low === high ? low : `${low}–${high}`;
  };
  const sentences: string[] = [];
  for (const store of ['sqlite', 'postgres']) {
    const one = find(report, 'keypool', store, 1_000, 1);
    const two = find(report, 'keypool', store, 1_000, 2);
    if (!one || !two) continue;
    const pairs = Object.entries(two.results).flatMap(([operation, r]) => {
      const b = one.results[operation];
      return r?.cpu && b?.cpu ? [{ operation, one: b.cpu, two: r.cpu, ratio: r.perSecond / b.perSecond }] : [];
    });
    if (!pairs.length) continue;
    const slower = pairs
      .filter((p) => p.ratio < 1)
      .map(
        (p) =>
          `${p.operation} ${f2(p.ratio)}×: the cores ${f1(p.one.coresBusy)} busy, then ${f1(p.two.coresBusy)}, while the CPU an operation took in all ` +
          `(server, ${store === 'postgres' ? 'PostgreSQL, ' : ''}load generator) went ${f2(cpuInAll(p.two) / cpuInAll(p.one))}×, ` +
          `its event loops' ${f2(p.two.eventLoopMicros / p.one.eventLoopMicros)}×, switched off a core ${f1(p.two.eventLoopSwitches)} times an operation instead of ${f1(p.one.eventLoopSwitches)}`,
      );
    sentences.push(
      `on ${storeName(store)} the cores were ${range(pairs.map((p) => p.one.coresBusy))} busy with one process and ` +
        `${range(pairs.map((p) => p.two.coresBusy))} with two, which needed ${range(pairs.map((p) => p.two.serverMicros / p.one.serverMicros), f2)}× ` +
        `the server CPU time per operation and finished ${range(pairs.map((p) => p.ratio), f2)}× as many` +
        (slower.length ? ` (${slower.join('; ')})` : ''),
    );
  }
  return sentences.length ? `In this run, ${sentences.join('; ')}.` : '';
}

function postgresLimits(report: BenchReport): string {
  const sqlite = find(report, 'keypool', 'sqlite', 1_000);
  const postgres = find(report, 'keypool', 'postgres', 1_000);
  if (!sqlite || !postgres) return '';
  const sentences: string[] = [];
  for (const [operation, p] of Object.entries(postgres.results)) {
    const s = sqlite.results[operation];
    if (!p?.cpu || !s?.cpu) continue;
    const below = p.perSecond < 0.5 * s.perSecond;
    if (operation !== 'StartWebAuthnRegistration' && !below) continue;
    sentences.push(
      `${operation} cost on PostgreSQL ${micros(p.cpu.serverMicros)} of the node's CPU and ${micros(p.cpu.postgresMicros)} of PostgreSQL's, ` +
        `${micros(cpuInAll(p.cpu))} with the load generator's, against ${micros(cpuInAll(s.cpu))} in all on SQLite, where the store's work happens inside the node` +
        (below ? ` (half of SQLite's rate, on the same cores, would allow PostgreSQL ${micros(2 * cpuInAll(s.cpu))})` : ''),
    );
  }
  return sentences.length ? `In this run, ${sentences.join('; ')}.` : '';
}

function singleCallLimits(report: BenchReport): string {
  const bare = report.ceilings.bareServer.cpu;
  const start = find(report, 'keypool', 'sqlite', 1_000)?.results.StartWebAuthnRegistration;
  if (!bare || !start?.cpu) return '';
  return (
    `Measured in this run: the bare server's answer costs its event loop ${micros(bare.eventLoopMicros)}, ` +
    `a StartWebAuthnRegistration ${micros(start.cpu.eventLoopMicros)} (SQLite, 1k users), so that one event loop can finish at most ` +
    `${f0(1e6 / start.cpu.eventLoopMicros)} calls a second (it finished ${f0(start.perSecond)}). Half the bare server's rate, ` +
    `${f0(report.ceilings.bareServer.perSecond / 2)} calls a second, leaves each call at most ${micros(2e6 / report.ceilings.bareServer.perSecond)} of one event loop.` +
    storeFloorLimit(report)
  );
}

/** StartWebAuthnRegistration's floor (its statements alone and the bare server's own answer), and whether it exceeds half the bare server's time an answer. */
function startFloor(report: BenchReport): { store: number; answer: number; floor: number; exceedsBudget: boolean } | undefined {
  const { bareServer, startRegistrationStoreMicros: store } = report.ceilings;
  const answer = bareServer.cpu?.eventLoopMicros;
  if (store === undefined || answer === undefined) return undefined;
  const floor = store + answer;
  return { store, answer, floor, exceedsBudget: floor > 2e6 / bareServer.perSecond };
}

/** What StartWebAuthnRegistration's statements alone cost, beside the bare server's own answer, against the event loop's budget. */
function storeFloorLimit(report: BenchReport): string {
  const limit = startFloor(report);
  if (!limit) return '';
  const { store, answer, floor, exceedsBudget } = limit;
  const verdict =
    exceedsBudget
      ? `more than the budget before any of keypool's own work (the token, the options, the log): that is the physical limit met`
      : `within the budget: what keypool adds around them (the token, the options, the log, the request's bookkeeping) is what exceeds it`;
  return (
    ` The call's statements alone (its two reads, its two inserts committed ${report.settings.connections} calls at a time, run in ` +
    `the benchmark's process on the same database with none of keypool's code) cost ${micros(store)} of CPU a call; with the bare ` +
    `server's own ${micros(answer)} for the HTTP exchange that is ${micros(floor)}, ${verdict}.`
  );
}

export function renderReport(report: BenchReport): { markdown: string; json: unknown } {
  const checked = targets(report);
  const { machine: m, ceilings } = report;
  const rows: string[] = [];
  for (const s of report.scenarios) {
    for (const [operation, r] of Object.entries(s.results)) {
      if (!r) continue;
      rows.push(
        `| ${s.server} | ${s.store} | ${usersText(s.users)} | ${s.workers} | ${OPERATION_TEXT[operation] ?? operation} | ${f0(r.perSecond)} | ${f1(r.p50)} | ${f1(r.p99)} | ${r.errors} | ${f0(r.peakRssMiB)} | ${f0(r.cpu?.serverMicros)} | ${f0(r.cpu?.eventLoopMicros)} | ${f0(r.cpu?.postgresMicros)} | ${f0(r.cpu?.loadGeneratorMicros)} | ${f1(r.cpu?.coresBusy)} |`,
      );
    }
  }
  const seeding = report.scenarios
    .filter((s) => s.seedSeconds !== undefined && s.users >= 100_000)
    .map((s) => `- ${s.store}: ${usersText(s.users)} users and ${usersText(s.users)} passkeys seeded in ${f1(s.seedSeconds)} s`);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');
  const markdown = `# Benchmarks

Measured by \`npm run bench\` on ${report.date.slice(0, 10)} (${report.mode} run, ${f0(report.durationSeconds)} s).
Every number below comes from the same run, so the ratios in **Targets** hold on any machine even
though the absolute numbers do not.

## Machine

- ${m.cores} × ${m.cpu}, ${m.memoryGiB} GiB memory, ${m.os}, Node ${m.node}
- load average (1, 5, 15 min) before the run: ${load(report.loadAverage.before)}; after: ${load(report.loadAverage.after)}
  (the load generator, autocannon or the flow driver, runs on the same cores as the server)

## Ceilings of this machine

Each measured once in every round of the operation it bounds (see **Results**), the fastest kept.

| ceiling | measured |
|---|---|
| bare node:http server answering each POST with a fixed JSON body (1 process) | ${f0(ceilings.bareServer.perSecond)} requests/s, p50 ${f1(ceilings.bareServer.p50)} ms, ${f0(ceilings.bareServer.cpu?.eventLoopMicros)} µs of its event loop per answer |
| RSA-2048 signatures per second, one core (each sign-in signs an access and an ID token) | ${f0(ceilings.rsa2048SignPerSecond)} |
| ECDSA P-256 verifications per second, one core (each passkey sign-in verifies one assertion) | ${f0(ceilings.p256VerifyPerSecond)} |
| keypool's password hash (scrypt N=2^14, r=8, p=1) per second on libuv's 4-thread pool (each password sign-in runs one) | ${f1(ceilings.scryptPerSecond)} |
${ceilings.startRegistrationStoreMicros === undefined ? '' : `| StartWebAuthnRegistration's SQLite statements alone (two reads, two inserts committed ${report.settings.connections} calls at a time), CPU per call | ${micros(ceilings.startRegistrationStoreMicros)} |
`}${ceilings.postgresRoundTripsPerSecond === undefined ? '' : `| PostgreSQL round trips per second from one node process (\`SELECT 1\` on pooled connections, ${report.settings.connections} at once: one statement a round trip) | ${f0(ceilings.postgresRoundTripsPerSecond)} |
`}

## Targets

| target | measured | holds |
|---|---|---|
${checked.map((t) => `| ${t.target} | ${t.measured} | ${t.holds ? 'yes' : t.limit ? `**no**: ${t.limit}` : '**no**'} |`).join('\n')}

## Results

${report.settings.connections} concurrent connections (autocannon) or callers (flows), ${report.settings.seconds} s per measurement,
each measured ${report.settings.rounds} times after a warm-up and the fastest run kept (as the ceilings are: other
work on a shared machine only slows a run down); on PostgreSQL the warm-up ends with ANALYZE, as autovacuum runs it
within a minute on a live server (a fresh schema's tables that an operation fills start empty, and plans made
while they were would otherwise be kept for the whole run);
latency in milliseconds (a flow's latency is that of all its requests); peak RSS of the server's
process tree (primary and workers), sampled every 100 ms, in MiB. CPU time per operation (or flow)
in µs, from /proc: the server's processes with all their threads, their event loops (main threads)
alone, PostgreSQL's processes, and the load generator (this process); and how many of the
${m.cores} cores were busy meanwhile, with anything.

| server | store | users | workers | operation | per second | p50 | p99 | errors | peak RSS | server CPU | event loop | PostgreSQL | load generator | cores busy |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

${seeding.length ? `Seeding (straight through SQL: rows generated inside the database by INSERT ... SELECT):\n\n${seeding.join('\n')}\n` : ''}
## What the numbers mean

- **Password sign-in is bound by scrypt, by design.** Every USER_PASSWORD_AUTH runs scrypt
  (N=2^14, r=8, p=1: 16 MiB and tens of milliseconds of a core) so that a stolen database cannot be
  brute-forced cheaply; node runs it on libuv's thread pool, so the ceiling above is the most any
  keypool process can sign in with passwords here. These parameters are already at the low end of
  a sound scrypt (OWASP's cheapest equivalent setting at N=2^14 is p=5), so they were not lowered.
  cognito-local keeps passwords in plain text and compares strings: on this operation it does not
  do the same work, and no amount of tuning that keeps a password hash can make keypool 20× faster.
- **Passkey sign-in against RSA.** Each one signs two RS256 tokens (access and ID), so half of one
  core's RSA-2048 signatures per second is its cryptographic ceiling; keypool signs both at once
  with node's signer on libuv's thread pool. The rest of a sign-in costs more than the signatures:
  two HTTP exchanges, ten statements on the store (the user, their passkeys, a session written
  then consumed, the passkey, the sign count moved by compare-and-set, their groups, the token
  family with its refresh token, stored only while the user is still enabled, an auth event per
  step), the assertion's signature check (on the thread pool too), and, on the same cores, the
  load generator signing each assertion. ${passkeyLimits(report)}
- **Single calls against the bare server.** StartWebAuthnRegistration verifies an access token
  (its signature once per node), reads the token's sign-in, the user and their passkeys, and writes
  the challenge and an auth event (the console's record of the attempt), both before it answers;
  the bare server parses nothing and stores nothing. ${singleCallLimits(report)} Each read outside
  a transaction begins and ends a read transaction of its own (a lock on the database's shared
  memory and its file, taken and released), and each commit appends every page its group of writes
  touched to the WAL, two writes to the file a page.
- **PostgreSQL: every statement costs CPU on both sides.** GetUser takes 1
  statement (the token's sign-in and its user together), StartWebAuthnRegistration 4, a passkey
  sign-in 10, each prepared once per connection; but concurrent requests share them: the reads of
  a sign-in and user, of a user, of a user's passkeys, of a credential and of a user's groups, the
  inserts of auth events, sessions, challenges and token families, the consumptions of sessions
  and challenges and the moves of sign counts that requests make in the same turn of the event
  loop go to PostgreSQL as one statement each; and statements outside transactions are pipelined
  on one connection, so that its backend answers many for each time it is woken. ${postgresLimits(report)} With the node, PostgreSQL and the load generator
  sharing ${m.cores} cores, the ratio to SQLite is bounded by that CPU in all, so the calls that
  write most (RegistrationCeremony, StartWebAuthnRegistration) sit nearest the 50% line.
- **Runs differ.** The two cores are shared with other machines' work: across full runs on the
  same day the bare server's ceiling ranged from about 19,000 to 31,000 requests/s, and within one
  run it moves by a third. Every keypool server of the run is therefore started and seeded first,
  and each operation is then measured on all of them in turn, ${report.settings.rounds} times, the fastest run kept,
  beside the ceiling it is divided by, measured in the same rounds: the runs a target compares are
  at most minutes apart. A target within a tenth of its line can still
  fall either side from one run to the next.
- **Size.** Every lookup is by primary key or a unique index, and the server keeps no per-user
  state in memory; the targets compare p50 latency and memory at 1 million users and passkeys with
  1 thousand. Latency is each answer's own time, to the microsecond.
  Peak memory is highest during password sign-in. Read from /proc/<pid>/smaps at such a peak (SQLite):
  node's own code about 43 MiB, V8's heaps 60 to 95 MiB (more the longer and harder the process
  has worked), malloc's main heap 13 to 30 MiB (SQLite's page cache, at most 16 MiB, among it),
  SQLite's checkpointing thread about 13 MiB, and one 32 MiB block for each thread of libuv's pool
  (one per core) that ran a password hash: scrypt's 16 MiB, which the C library keeps for the
  thread's next hash.
- **Workers.** \`keypool serve --workers N\` forks N processes sharing the port (node:cluster) and
  the store (SQLite in WAL mode, or PostgreSQL). On this machine the load generator, and PostgreSQL
  itself, run on the same ${m.cores} cores as the workers. A second process gains where one process
  leaves a core idle, and costs where the cores are already busy: each process then takes CPU time
  from the other (and from PostgreSQL and the load generator) while adding work of its own, and on
  SQLite every commit of every process takes the database's one write lock in turn. ${workersLimits(report)}
  Where the cores are already busy, an operation's rate is the cores' time divided by the CPU the
  operation takes, so a second process is faster only if it adds less CPU to each operation than it
  finds idle, and it adds more. Each event loop, with half the requests, runs out of work and
  sleeps more often, to be woken for the next: each such switch costs the wake-up and leaves the
  loop on cold caches (a side run profiled with perf showed each loop's time spread as with one
  process, all of it slower). On SQLite, a read that follows another process's commit starts from
  an empty page cache (SQLite drops its cache when another connection has committed): about 20
  page reads a request where one process makes none, and each process's commits group fewer writes
  (35 writes to the WAL a sign-in instead of 29, counted with strace in side runs). On PostgreSQL,
  each process shares its statements among half as many requests: 4.9 statements a sign-in instead
  of 3.9 (counted with pg_stat_statements). That is the limit \`--workers 2\` meets here: ${m.cores} cores
  that one process, its store and the load generator already keep busy on these flows. Where one
  process leaves a core idle (the single calls, GetUser and StartWebAuthnRegistration), the second gains.

## What profiling changed

Servers were profiled under this load with \`node --cpu-prof\` (\`npm run bench -- --profile <dir>\`):

- **SQLite checkpoints off the event loop.** In WAL mode with synchronous=NORMAL a commit is not
  synced, but SQLite's automatic checkpoint syncs the WAL and the database file, on whichever
  request's commit crosses the threshold. A worker thread now checkpoints every 100 ms (the
  automatic checkpoint stays as a backstop at 10× its default threshold). In isolation, the two
  inserts of a StartWebAuthnRegistration went from about 170 µs to 80 µs of the event loop.
- **Workers never sleep on a lock.** With \`--workers\` on SQLite, a write that met another process's
  write lock was retried by SQLite's busy handler, which sleeps (1 ms, then longer) and so stopped
  the whole process. Such a statement now yields to other requests and retries, within the same
  5-second limit.
- **No repeated reads.** USER_AUTH's InitiateAuth read the user twice and the user's passkeys twice
  (once to offer WEB_AUTHN, once to start it): 8 statements, now 6. An access token's sign-in and
  user are read at once, so PostgreSQL costs one wait instead of two.
- **No repeated parsing.** A pool's settings (4 KB of JSON) and an app client's were parsed on
  every request; each distinct text is now parsed once and shared, frozen.
- **No per-request validation work.** Length checks spread every string (a 1 KB access token on
  every token-authorized call) into an array of code points; only text with surrogate pairs needs
  that.
- **Writes share commits.** On SQLite a write outside a transaction cost about 65 µs of the event
  loop, nearly all of it the commit (an append to the WAL); eight inserts in one transaction cost
  about 29 µs each. Writes that concurrent requests issue in the same turn of the event loop (a
  challenge, an auth event, a session, a sign count) now go to the database together in one
  transaction, each statement with its own outcome (a failed one is undone alone), and each caller
  is answered only once that commit is done, so a write answered 200 is as durable as before.
- **Assertion signatures through node:crypto.** keypool makes every check of WebAuthn §7.2 itself;
  SimpleWebAuthn, called for the signature only, made them all again and hashed, imported the key
  and verified through WebCrypto: about 820 µs of CPU per assertion in isolation, against about
  250 µs for the same signature check with node:crypto (one hash, the key import, one verify).
- **Access tokens verified once per node.** RS256 verification through jose and WebCrypto cost
  every token-authorized call about 6% of the event loop and a thread-pool hop; a token's signature
  is now checked the first time a node sees it (expiry, revocation and the user still on every call).
- **Pools and app clients kept between requests** (docs/decisions.md, "Performance"): the pool's
  row (kilobytes of settings) was the most expensive read of every call, about 44 µs on SQLite, and
  sign-ins read their client twice. Kept until a change anywhere: on SQLite a version moved by
  triggers, on PostgreSQL the triggers' notifications.
- **Random bytes drawn a block at a time**: node's randomBytes costs about 4 µs a call whatever the
  size, 5% of StartWebAuthnRegistration's event loop; 4 KiB are now drawn at once.
- **Tokens signed with node's signer, both at once**: jose's WebCrypto signing added its own job and
  promise plumbing around each signature, and the ID token waited for the access token.
- **Passkeys' public keys imported once** from their COSE form (about 4% of a sign-in's event loop).
- **PostgreSQL statements prepared once per connection**: PostgreSQL parsed and planned every
  statement on every call; named statements cut its CPU per GetUser from about 280 µs to 80 µs.
- **Fewer PostgreSQL round trips**: an access token's sign-in and its user in one statement; a
  sign-in's token family and refresh token in one (instead of BEGIN, two inserts, COMMIT); the auth
  events concurrent requests record in one INSERT. GetUser went from 3 statements to 1,
  StartWebAuthnRegistration from 6 to 4, a passkey sign-in from 15 (and a transaction) to 11.
- **SQLite with workers**: a process waiting for another's write lock held back its own reads too;
  now reads wait only for a transaction that has begun.
- **Memory**: each of libuv's four threads that ran a password hash kept 32 MiB (an anonymous
  mapping each, seen in /proc/<pid>/smaps): the pool is now sized to the cores, which took the peak
  of a password sign-in load measured alone from 253 to about 190 MiB at the same rate (runs of the
  whole benchmark vary more: see the table), and the Lambda and Encryption
  SDKs load when a trigger first needs them (idle: 110 to 98 MiB).
- **Concurrent requests share PostgreSQL statements**: the registration challenges and sign-in
  sessions of requests in the same turn are one INSERT, as their auth events already were, and
  their reads of a token's sign-in and user, of a user and of a user's passkeys one SELECT each.
  In two quick runs a few minutes apart, before and after, PostgreSQL's GetUser went from 0.67 to
  0.92 of SQLite's rate and StartWebAuthnRegistration from 0.35 to 0.49 (the published run before
  these changes had 0.71 and 0.52, this one has the ratios in the targets above).
- **SQLite pages with their limit written in**: a statement ending in \`LIMIT ?\` was compiled again
  on every run (12 µs, against 0.5 µs for the lookup itself: every sign-in reads the user's groups
  that way); and \`data_version\` is asked once per turn of the event loop, not on every read of a
  pool (about 10 µs each, four times a passkey sign-in).
- **A passkey assertion's signature checked on the thread pool**, as the tokens are signed: about
  45 µs of the event loop per sign-in.
- **The event loop first.** Under load on two cores, the event loop waited for a core about a
  third as long as it ran (its run-queue time in /proc/<pid>/task/<tid>/schedstat), mostly behind
  the thread pool's RSA signatures it had just queued. \`keypool serve\` now gives every thread but
  the main one a lower priority (nice +10, Linux): passkey sign-ins went from about 780 to 865 a
  second in runs side by side, the event loop's wait from 307 to 163 µs per sign-in.
- **SQLite transactions share commits too**: a transaction (a sign-in's token family and refresh
  token, a new passkey) is committed with the other writes of its turn, in a savepoint undone alone
  if it fails, instead of in a commit of its own: commits per passkey sign-in went from 1.42 to
  under 1.
- **No third read of the user**: a sign-in read its user again just before issuing the tokens, to
  refuse one deleted or disabled meanwhile; the token family is now inserted only while that holds
  (one statement), which closes the window between that read and the insert as well.
- **PostgreSQL shares more**: concurrent consumptions of sessions and registration challenges go in
  one UPDATE (each key with its own time; a key asked twice is consumed by one of them), concurrent
  reads of credentials in one SELECT, and a new passkey is counted and inserted in one statement
  after the user's lock (CompleteWebAuthnRegistration: BEGIN, lock, insert, COMMIT).
- **The rest of a passkey sign-in shared on PostgreSQL**: the sign counts, the groups read and the
  token families (with their refresh tokens) of concurrent sign-ins were each a statement per
  sign-in; they now share one statement each. PostgreSQL's CPU per sign-in went from about
  915–1,080 µs to 660–775 µs, the node's event loop from 1,075–1,200 µs to 885–935 µs, and
  sign-ins from 518–559 to 663–751 a second, in runs side by side (5 s each).
- **PostgreSQL statements pipelined**: under passkey sign-ins PostgreSQL spent about half its CPU
  outside executing statements (pg_stat_statements' execution time against its processes' CPU):
  every statement woke a backend, and cost the node a write and a read of its own. Statements
  outside transactions now go to one connection in node-postgres's pipeline mode, sent without
  waiting for the answers before them (docs/decisions.md). In runs side by side (5 s each, the
  flow driver): 729–848 passkey sign-ins a second before, 928–987 after; the node's event loop
  787–896 µs a sign-in before, 578–642 after; PostgreSQL's CPU 526–620 µs before, 378–457 after.
  In the full run before and the two after: PostgreSQL's passkey sign-ins 71%, then 92% and 77%
  of SQLite's; StartWebAuthnRegistration 88%, then 125% and 118%; PostgreSQL's CPU a sign-in 755 µs,
  then 425 and 467.
- **Plans kept from empty tables.** A connection keeps the generic plan it makes for a statement.
  The statements that serve concurrent requests together join a list of keys to a table, and made
  while the table was still empty and never analyzed (sessions, token families: a new database's, or
  this benchmark's fresh schema), the plan hashed the whole table for eight keys or more, and went
  on doing so as sign-ins filled it: a batch of session consumptions took 2 ms after a few thousand
  sign-ins (pg_stat_statements), and PostgreSQL's CPU a sign-in rose from round to round (531 to
  907 µs over three 5-second rounds; 636 to 1,013 over five in another run). The keys are now also
  restricted on the table's own columns, which keeps the index the cheaper path at any size
  (docs/decisions.md); and the warm-up ends with ANALYZE, as autovacuum would within its minute on
  a running server.
- **A lighter load generator.** The flows' HTTP client was node:http's, which cost the load generator
  305–352 µs of CPU a passkey sign-in on the cores the server runs on; requests written and answers
  read by hand over keep-alive sockets cost it 165–214 µs (bench/wire.ts). Side by side on
  PostgreSQL (three runs of each, alternated, two 4 s rounds a run), the faster round of each run:
  805–858 sign-ins a second before, 823–1,011 after.
- **Enough callers to keep the server busy.** With 16 callers each waiting on two round trips and
  two thread-pool jobs, a passkey sign-in load left a fifth of the two cores idle (1.7 busy); loads
  were then driven by 32 (side by side: 852 against 983 sign-ins a second, and less CPU per
  sign-in, as more writes share each commit). With the lighter load generator, 32 left the cores
  1.7 (SQLite) and 1.8 (PostgreSQL) busy in the full run after it (954 and 903 sign-ins a second);
  every load is now driven by 64 (side by side, 4 s runs: SQLite 1,170–1,262 sign-ins a second with
  32, 1,250–1,352 with 64; PostgreSQL 908–1,028 and 991–1,015; cores 1.8–1.9 busy, then 1.9–2.0).
  The cores busy are in every row above.
- **No promise hook on every request.** A request's ClientMetadata, the list of triggers it ran and
  its region reached the code that runs triggers and mints tokens through AsyncLocalStorage, which
  on Node 20 has every promise the process creates copy the store: \`perf\` of the server under
  passkey sign-ins put 9% of its event loop's samples in those hooks. They are now passed as a
  parameter (\`RequestScope\`, src/app.ts). Alternated in one SQLite server (5 rounds of 3 s each
  way), StartWebAuthnRegistration went from 3,854 to 4,376 requests a second on average, GetUser
  from 5,506 to 5,839; passkey sign-ins gained less than the noise between rounds.
- **Batched reads keep their plans.** A prepared statement runs on a generic plan once PostgreSQL
  finds it no dearer than the plans it makes for the values at hand; for the reads that serve
  concurrent requests' (pool, username) keys, listed as pairs, it never did, so it planned them on
  every execution: 2,021 plans for 15,662 statements (224 ms of planning, 881 ms of execution) in
  5 s of passkey sign-ins (pg_stat_statements with track_planning). Each pool's keys now share a
  statement that names the pool once, \`pool_id = ? AND username IN (...)\` (docs/decisions.md):
  984 plans and 100 ms in the same 5 s. Each batched statement's text is also built once per batch
  size. Side by side, the earlier build and this one alternated (three pairs of runs, two 5 s
  rounds each, PostgreSQL): PostgreSQL's CPU a sign-in 2.36 times the load generator's before,
  2.14 after (the generator's work a sign-in is the same in both, so the ratio cancels the
  machine's drift), the event loop's 3.59 and 3.54 times; 1,124–1,235 sign-ins a second before,
  1,176–1,250 after.
- **No groups read in a pool without groups.** Every sign-in read its user's groups for the token
  claims. Whether a pool has any group is now kept as its settings are (docs/decisions.md), and a
  pool without one skips the read: one statement kind fewer a sign-in (the benchmark's pool has no
  groups). Its gain was below the noise between rounds.
- Before these (this benchmark's full run of 2026-11-28 on this machine), SQLite served
  StartWebAuthnRegistration at 2,428/s, GetUser at 3,893/s and passkey sign-ins at 535/s;
  PostgreSQL 693/s, 1,584/s and 172/s; the peak RSS at 1M users was 273 MiB on SQLite.

## How to reproduce

\`\`\`
npm install
npm run bench              # full run: SQLite and PostgreSQL, 1k and 1M users, cognito-local at 1k and 10k
npm run bench -- --quick   # 1k users only, 3 s per measurement
\`\`\`

PostgreSQL: set \`KEYPOOL_BENCH_DATABASE_URL\`, or install the Debian \`postgresql\` package and the
harness starts a throwaway cluster (synchronous_commit=off, the equivalent of SQLite's WAL with
synchronous=NORMAL), reached over its Unix socket. cognito-local is installed with npm into a
scratch folder under the system's temp folder (it is not a dependency of keypool), and seeded
through its API (pool, app client) and its data file (users).
\`--profile <dir>\` writes a CPU profile of each keypool server (node --cpu-prof) into that folder.
The results are also in \`docs/benchmarks.json\`.
`;
  return { markdown, json: { ...report, targets: checked } };
}
