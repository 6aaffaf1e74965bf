// keypool's command line: serve, migrate, rotate-keys, help.
import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig, type AdminCredentials, type Config } from './config.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat } from './log.js';
import { checkExposure } from './operator/access.js';
import { startKeypool } from './server/keypool.js';
import { lowerBackgroundThreads } from './server/threadPriority.js';
import { openStore } from './store/open.js';
import { systemClock } from './clock.js';
import { quotaSettings } from './protocol/quotas.js';
import { parseKeyEncryptionKey } from './tokens/keyEncryption.js';
import { readBreachedPasswords } from './risk/breached.js';
import { readSocialEndpoints } from './federation/endpoints.js';
import { KeyRing, rotatePoolKeys } from './tokens/keys.js';
import { version } from './version.js';

export const HELP = `keypool — a Cognito-compatible user-pool server with passkeys

Usage:
  keypool serve [options]     serve the Cognito user-pools API (AWS JSON 1.1) over HTTP
  keypool migrate [options]   apply pending database migrations, then exit
  keypool rotate-keys --pool <poolId> [--data-dir <dir> | --db <postgres-url>]
                              give the pool new ID and access signing keys; tokens signed by the old
                              ones keep verifying until they expire
  keypool --help              show this help
  keypool --version           print the version

Options (each also read from the environment variable shown):
  --port <n>              port to listen on; 0 picks a free one        KEYPOOL_PORT (default 9229)
  --host <addr>           address to listen on                         KEYPOOL_HOST (default 127.0.0.1)
  --data-dir <dir>        folder of the SQLite database                KEYPOOL_DATA_DIR (default ./.keypool)
  --db <postgres-url>     use PostgreSQL instead of SQLite             KEYPOOL_DATABASE_URL
  --db-pool-size <n>      PostgreSQL connections per node, shared      KEYPOOL_DB_POOL_SIZE (default 10)
                          out among its --workers
  --region <region>       region in new pool ids (us-east-1_AbC123)    KEYPOOL_REGION (default us-east-1)
  --public-url <url>      base URL of token issuers, behind a proxy    KEYPOOL_PUBLIC_URL (default: the listening URL)
  --admin-credentials <file>
                          JSON [{"accessKeyId","secretAccessKey"}]: admin operations must then carry a
                          valid SigV4 signature by one of them (default: any credentials are accepted)
                                                                       KEYPOOL_ADMIN_ACCESS_KEY_ID +
                                                                       KEYPOOL_ADMIN_SECRET_ACCESS_KEY
                          Without them, keypool trusts this machine: it refuses to listen beyond
                          loopback, and the operator routes (console, outbox, key rotation) answer only
                          while it listens on loopback and --public-url (if any) is loopback too
  --insecure-open-admin   listen beyond loopback without admin credentials anyway: anyone who can reach
                          keypool may call admin operations (the operator routes stay closed)
                                                                       KEYPOOL_INSECURE_OPEN_ADMIN=true
  --origin <origin>       an extra WebAuthn origin to accept, e.g. android:apk-key-hash:...; repeatable
                                                                       KEYPOOL_ORIGINS (comma-separated)
  --event-retention <n>   auth events kept per pool, newest first      KEYPOOL_EVENT_RETENTION (default 10000)
  --max-connections <n>   open connections served at once              KEYPOOL_MAX_CONNECTIONS (default 1024)
  --no-outbox             switch off the operator outbox (GET /_keypool/outbox)
                                                                       KEYPOOL_OUTBOX=false
  --quotas                request-rate quotas per pool and Cognito category, at Cognito's default
                          rates (e.g. UserAuthentication 120/s); over the rate: TooManyRequestsException
                                                                       KEYPOOL_QUOTAS=true
  --quota <Category=rps>  set one category's rate (implies --quotas); repeatable, e.g. UserAuthentication=5
                                                                       KEYPOOL_QUOTA (comma-separated)
  --log-level <level>     trace, debug, info, warn, error, silent      KEYPOOL_LOG_LEVEL (default info)
  --log-format <format>   json (one object a line) or pretty (readable) KEYPOOL_LOG_FORMAT (default json)
  --trigger <name>=<file> run the pool's trigger function <name> (its name or full ARN in LambdaConfig)
                          from a local .js/.mjs module exporting handler, in a worker thread, with
                          Cognito's 5-second limit; repeatable, or <file.json> mapping names to files
                                                                       KEYPOOL_TRIGGERS (comma-separated)
  --lambda-endpoint <url> invoke every other trigger function through the AWS Lambda Invoke API there
                          (a local Lambda server, or AWS's endpoint)   KEYPOOL_LAMBDA_ENDPOINT
  --breached-passwords <file>
                          passwords threat protection treats as compromised credentials, one a line,
                          beside a built-in few of the most breached    KEYPOOL_BREACHED_PASSWORDS
  --social-endpoints <file.json>
                          stand-ins for social providers' endpoints in sign-ins, by type, e.g.
                          {"Google": {"oidc_issuer": "http://localhost:4000"}}   KEYPOOL_SOCIAL_ENDPOINTS
  --tls-cert <file> --tls-key <file>
                          serve HTTPS with this PEM certificate (chain) and private key, for clients
                          that insist on https (Amplify's OAuth)     KEYPOOL_TLS_CERT, KEYPOOL_TLS_KEY
  --workers <n>           serve from n processes sharing the port and the store (SQLite in WAL, or
                          PostgreSQL); SIGTERM stops them all gracefully    KEYPOOL_WORKERS (default 1)

KEYPOOL_KEY_ENCRYPTION_KEY (32 bytes, as 64 hex digits or base64) seals new signing keys in the store
with AES-256-GCM; keys stored before it was set stay readable. Keep it: sealed keys need it at start.
KEYPOOL_CUSTOM_SENDER_KEY (32 bytes, likewise) is the AES key with which the codes sent to
CustomEmailSender and CustomSMSSender functions are encrypted (AWS Encryption SDK, raw AES keyring).

Once ready, 'serve' prints the listening URL. GET /health answers 200 while the store is reachable.
Stop it with Ctrl-C (or SIGTERM); start afresh by deleting its data directory (rm -rf .keypool).
Point any Cognito client at that URL as its endpoint, for example:
  new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9229' })
`;

function readAdminCredentials(file: string | undefined, env: NodeJS.ProcessEnv): AdminCredentials[] {
  if (file) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((c: { accessKeyId?: unknown; secretAccessKey?: unknown }) => {
      if (typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string') {
        throw new Error(`${file}: each entry needs string accessKeyId and secretAccessKey`);
      }
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    });
  }
  if (env.KEYPOOL_ADMIN_ACCESS_KEY_ID && env.KEYPOOL_ADMIN_SECRET_ACCESS_KEY) {
    return [{ accessKeyId: env.KEYPOOL_ADMIN_ACCESS_KEY_ID, secretAccessKey: env.KEYPOOL_ADMIN_SECRET_ACCESS_KEY }];
  }
  return [];
}

/**
 * The local modules of `--trigger name=file` (or of a JSON file mapping names to files, relative to
 * it), as absolute paths; a file that does not exist is refused at start rather than at first use.
 */
export function triggerModules(entries: string[]): Record<string, string> {
  const modules: Record<string, string> = {};
  const add = (name: string, file: string, base: string) => {
    const path = resolve(base, file);
    if (!name) throw new Error(`--trigger ${name}=${file}: name the function (its name or ARN in the pool's LambdaConfig)`);
    if (!existsSync(path)) throw new Error(`--trigger ${name}: there is no file ${path}`);
    modules[name] = path;
  };
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at >= 0) {
      add(entry.slice(0, at), entry.slice(at + 1), process.cwd());
      continue;
    }
    if (!entry.endsWith('.json')) throw new Error(`--trigger takes <name>=<file> or a .json file mapping names to files, not ${entry}`);
    let map: unknown;
    try {
      map = JSON.parse(readFileSync(entry, 'utf8'));
    } catch (error) {
      throw new Error(`--trigger ${entry}: ${(error as Error).message}`);
    }
    if (typeof map !== 'object' || map === null || Array.isArray(map) || Object.values(map).some((f) => typeof f !== 'string')) {
      throw new Error(`--trigger ${entry} must hold a JSON object mapping function names to files`);
    }
    for (const [name, file] of Object.entries(map as Record<string, string>)) add(name, file, dirname(resolve(entry)));
  }
  return modules;
}

/** The certificate and key of --tls-cert and --tls-key: both or neither, each a readable PEM file. */
function tlsFiles(certFile: string | undefined, keyFile: string | undefined): { cert: Buffer; key: Buffer } | undefined {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) throw new Error('--tls-cert and --tls-key go together: give both files, or neither');
  const read = (option: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${option} ${file}: ${(error as Error).message}`);
    }
  };
  return { cert: read('--tls-cert', certFile), key: read('--tls-key', keyFile) };
}

/** The options of serve, migrate and rotate-keys, as node's parseArgs takes them. */
const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  db: { type: 'string' },
  'db-pool-size': { type: 'string' },
  region: { type: 'string' },
  'public-url': { type: 'string' },
  'admin-credentials': { type: 'string' },
  'insecure-open-admin': { type: 'boolean' },
  origin: { type: 'string', multiple: true },
  'event-retention': { type: 'string' },
  'max-connections': { type: 'string' },
  'no-outbox': { type: 'boolean' },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  quotas: { type: 'boolean' },
  quota: { type: 'string', multiple: true },
  trigger: { type: 'string', multiple: true },
  'lambda-endpoint': { type: 'string' },
  'breached-passwords': { type: 'string' },
  'social-endpoints': { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
} as const;

/** The options that take a value; a value that starts with '-' (a negative number) is joined to its option. */
const VALUE_OPTIONS = new Set(Object.entries(OPTIONS).filter(([, option]) => option.type === 'string').map(([name]) => `--${name}`));

/** `--max-connections -5` as `--max-connections=-5`, so that the value's own check answers (node would call it ambiguous). */
function joinDashValues(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (VALUE_OPTIONS.has(arg) && next !== undefined && /^-[^-]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${option} must be one of ${allowed.join(', ')}, not ${value}`);
  return value as T;
}

export function parseConfig(args: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const { values } = parseArgs({
    args: joinDashValues(args),
    options: OPTIONS,
    strict: true,
  });
  const portText = values.port ?? env.KEYPOOL_PORT ?? '9229';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not ${portText}`);
  const region = values.region ?? env.KEYPOOL_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new Error(`--region must look like us-east-1, not ${region}`);
  const publicUrl = values['public-url'] ?? env.KEYPOOL_PUBLIC_URL;
  if (publicUrl && !/^https?:\/\/[^/]+/.test(publicUrl)) throw new Error(`--public-url must be an http(s) URL, not ${publicUrl}`);
  const retentionText = values['event-retention'] ?? env.KEYPOOL_EVENT_RETENTION ?? '10000';
  const eventRetention = Number(retentionText);
  if (!Number.isInteger(eventRetention) || eventRetention < 1) {
    throw new Error(`--event-retention must be a whole number of at least 1, not ${retentionText}`);
  }
  const maxConnectionsText = values['max-connections'] ?? env.KEYPOOL_MAX_CONNECTIONS ?? '1024';
  const maxConnections = Number(maxConnectionsText);
  if (!Number.isInteger(maxConnections) || maxConnections < 1) {
    throw new Error(`--max-connections must be a whole number of at least 1, not ${maxConnectionsText}`);
  }
  const databaseUrl = values.db ?? env.KEYPOOL_DATABASE_URL;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('--db must be a postgres:// URL');
  const poolSizeText = values['db-pool-size'] ?? env.KEYPOOL_DB_POOL_SIZE ?? '10';
  const databasePoolSize = Number(poolSizeText);
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 1000) {
    throw new Error(`--db-pool-size must be 1..1000, not ${poolSizeText}`);
  }
  const lambdaEndpoint = values['lambda-endpoint'] ?? env.KEYPOOL_LAMBDA_ENDPOINT;
  if (lambdaEndpoint && !/^https?:\/\/[^/]+/.test(lambdaEndpoint)) throw new Error(`--lambda-endpoint must be an http(s) URL, not ${lambdaEndpoint}`);
  const breachedFile = values['breached-passwords'] ?? env.KEYPOOL_BREACHED_PASSWORDS;
  const socialEndpointsFile = values['social-endpoints'] ?? env.KEYPOOL_SOCIAL_ENDPOINTS;
  return defaultConfig({
    port,
    host: values.host ?? env.KEYPOOL_HOST ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? env.KEYPOOL_DATA_DIR ?? '.keypool',
    databaseUrl,
    databasePoolSize,
    region,
    publicUrl,
    adminCredentials: readAdminCredentials(values['admin-credentials'], env),
    insecureOpenAdmin: values['insecure-open-admin'] === true || env.KEYPOOL_INSECURE_OPEN_ADMIN === 'true',
    extraOrigins: [...(values.origin ?? []), ...(env.KEYPOOL_ORIGINS?.split(',').filter(Boolean) ?? [])],
    outbox: !values['no-outbox'] && env.KEYPOOL_OUTBOX !== 'false',
    eventRetention,
    maxConnections,
    logLevel: oneOf('--log-level', values['log-level'] ?? env.KEYPOOL_LOG_LEVEL ?? 'info', LOG_LEVELS),
    logFormat: oneOf<LogFormat>('--log-format', values['log-format'] ?? env.KEYPOOL_LOG_FORMAT ?? 'json', LOG_FORMATS),
    keyEncryptionKey: env.KEYPOOL_KEY_ENCRYPTION_KEY ? parseKeyEncryptionKey(env.KEYPOOL_KEY_ENCRYPTION_KEY) : undefined,
    triggers: triggerModules([...(values.trigger ?? []), ...(env.KEYPOOL_TRIGGERS?.split(',').filter(Boolean) ?? [])]),
    lambdaEndpoint,
    breachedPasswords: breachedFile ? readBreachedPasswords(breachedFile) : [],
    socialEndpoints: socialEndpointsFile ? readSocialEndpoints(socialEndpointsFile) : {},
    tls: tlsFiles(values['tls-cert'] ?? env.KEYPOOL_TLS_CERT, values['tls-key'] ?? env.KEYPOOL_TLS_KEY),
    customSenderKey: env.KEYPOOL_CUSTOM_SENDER_KEY ? parseKeyEncryptionKey(env.KEYPOOL_CUSTOM_SENDER_KEY, 'KEYPOOL_CUSTOM_SENDER_KEY') : undefined,
    quotas: quotaSettings(values.quotas === true || env.KEYPOOL_QUOTAS === 'true', [
      ...(values.quota ?? []),
      ...(env.KEYPOOL_QUOTA?.split(',').filter(Boolean) ?? []),
    ]),
  });
}

/** `keypool rotate-keys --pool <poolId>`: new ID and access keys, on whichever store the options name. */
async function rotateKeys(args: string[]): Promise<void> {
  const at = args.indexOf('--pool');
  const poolId = at >= 0 ? args[at + 1] : undefined;
  if (!poolId) throw new Error('rotate-keys needs --pool <poolId>');
  const config = parseConfig(args.filter((_, i) => i !== at && i !== at + 1));
  // Rotating keys never creates a database: a data directory without one is a mistake to name.
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'keypool.sqlite'))) {
    throw new Error(`there is no keypool database in ${config.dataDir}: name the --data-dir (or --db) that keypool serves from`);
  }
  const store = await openStore(config, Date.now());
  try {
    const kids = await rotatePoolKeys(new KeyRing(store, systemClock, config.keyEncryptionKey), store, poolId);
    if (!kids) throw new Error(`User pool ${poolId} does not exist.`);
    console.log(`rotated the signing keys of ${poolId}: id ${kids.id}, access ${kids.access}`);
  } finally {
    await store.close();
  }
}

/** Removes `--workers <n>` (or `--workers=<n>`) from the arguments; KEYPOOL_WORKERS otherwise. */
export function takeWorkers(args: string[], env: NodeJS.ProcessEnv = process.env): { workers: number; args: string[] } {
  const rest: string[] = [];
  let text = env.KEYPOOL_WORKERS ?? '1';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--workers') text = args[++i] ?? '';
    else if (arg.startsWith('--workers=')) text = arg.slice('--workers='.length);
    else rest.push(arg);
  }
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new Error(`--workers must be 1..256, not ${text}`);
  return { workers, args: rest };
}

/**
 * The primary of `serve --workers n`: migrates once (so that workers never race to), forks the workers
 * (node:cluster shares the listening port among them, port 0 included), prints the URL once all
 * listen, and on SIGTERM/SIGINT has every worker finish its requests and close its store.
 */
async function serveFromWorkers(config: Config, workers: number, where: string): Promise<void> {
  const store = await openStore(config, Date.now());
  await store.close();
  let stopping = false;
  let exitCode = 0;
  let listening = 0;
  const running = () => Object.keys(cluster.workers ?? {}).length;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    if (running() === 0) process.exit(exitCode);
  };
  cluster.on('message', (_worker, message: { keypoolListening?: string }) => {
    if (message?.keypoolListening && ++listening === workers) {
      console.log(`keypool listening on ${message.keypoolListening} (${where}, ${workers} workers)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      console.error(`worker ${worker.process.pid} exited (${signal ?? code}); stopping the others`);
      stop(1);
    }
    if (running() === 0) process.exit(exitCode);
  });
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  for (let i = 0; i < workers; i++) cluster.fork();
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    process.stdout.write(HELP);
    return;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    console.log(`keypool ${version()}`);
    return;
  }
  if (command === 'migrate') {
    const config = parseConfig(rest);
    const store = await openStore(config, Date.now());
    await store.close();
    console.log(`migrations applied (${store.kind})`);
    return;
  }
  if (command === 'rotate-keys') {
    await rotateKeys(rest);
    return;
  }
  if (command !== 'serve') throw new Error(`unknown command '${command}'. Run 'keypool --help'.`);

  const { workers, args } = takeWorkers(rest);
  const parsed = parseConfig(args);
  // The node's connections are shared out among its workers, not multiplied by them.
  const config = workers > 1 ? { ...parsed, databasePoolSize: Math.ceil(parsed.databasePoolSize / workers) } : parsed;
  checkExposure(config); // before any worker is forked: startKeypool checks again in each
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  if (workers > 1 && cluster.isPrimary) {
    await serveFromWorkers(config, workers, where);
    return;
  }
  const keypool = await startKeypool(config);
  await lowerBackgroundThreads();
  if (cluster.isWorker) {
    process.send?.({ keypoolListening: keypool.url });
  } else {
    console.log(`keypool listening on ${keypool.url} (${where})`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    keypool.app.log.info({ signal }, 'shutting down');
    keypool.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
