// Everything keypool can be configured with, from the command line or the environment.
import type { LogFormat } from './log.js';

export interface AdminCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** A postgres:// URL: when set, the store is PostgreSQL rather than SQLite under dataDir. */
  databaseUrl?: string;
  /** PostgreSQL connections this node keeps at most. */
  databasePoolSize: number;
  /** Region of new pool ids (us-east-1_AbC123xyZ). */
  region: string;
  /** Base of every issuer (`<publicUrl>/<poolId>`); by default the listening URL. */
  publicUrl?: string;
  /** When set, Admin* and other IAM-authorized operations must carry a valid SigV4 signature by one of these. */
  adminCredentials: AdminCredentials[];
  /** Serve on a non-loopback address without admin credentials, admin operations open to anyone (src/operator/access.ts). */
  insecureOpenAdmin: boolean;
  /** The operator outbox of codes and messages (GET /_keypool/outbox); on by default. */
  outbox: boolean;
  /** Origins accepted for WebAuthn besides the ones derived from the relying-party id. */
  extraOrigins: string[];
  /** How far a PASSWORD_VERIFIER TIMESTAMP may be from the server's clock; 5 minutes when unset. */
  srpClockSkewMs?: number;
  /** Auth events kept per pool (the newest); older ones are swept. */
  eventRetention: number;
  logLevel: string;
  /** JSON lines (the default), or readable lines for development. */
  logFormat: LogFormat;
  /** Open connections served at once; further ones are closed on arrival. */
  maxConnections: number;
  /**
   * 32 bytes (KEYPOOL_KEY_ENCRYPTION_KEY): new signing keys are stored sealed with it (AES-256-GCM);
   * keys stored before it was set stay readable.
   */
  keyEncryptionKey?: Buffer;
  /** Per-pool request-rate quotas by Cognito category (requests per second); off when unset. */
  quotas?: Readonly<Record<string, number>>;
  /** PEM certificate chain and private key: keypool then serves HTTPS (for clients that insist on it, such as Amplify's OAuth). */
  tls?: { cert: Buffer; key: Buffer };
  /** How long a client may take to send a request's headers, and the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** Local modules serving trigger functions, by function name or ARN (--trigger name=file). */
  triggers: Readonly<Record<string, string>>;
  /** The Lambda Invoke API endpoint of the trigger functions no local module serves. */
  lambdaEndpoint?: string;
  /** How long a trigger may take: Cognito's 5 seconds. */
  triggerTimeoutMs: number;
  /**
   * 32 bytes (KEYPOOL_CUSTOM_SENDER_KEY): the AES key of the raw keyring that encrypts the codes sent
   * to CustomEmailSender and CustomSMSSender functions (AWS Encryption SDK).
   */
  customSenderKey?: Buffer;
  /** Passwords compromised-credentials detection treats as breached, beside the built-in few (--breached-passwords). */
  breachedPasswords: readonly string[];
  /**
   * Endpoints that stand in for a social provider's own (--social-endpoints): by provider type
   * (Google, Facebook, LoginWithAmazon, SignInWithApple), the ProviderDetails keys to use instead in
   * sign-ins (authorize_url, token_url, token_request_method, attributes_url, oidc_issuer, jwks_uri).
   */
  socialEndpoints: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 9229,
    dataDir: '.keypool',
    region: 'us-east-1',
    databasePoolSize: 10,
    adminCredentials: [],
    insecureOpenAdmin: false,
    outbox: true,
    extraOrigins: [],
    eventRetention: 10_000,
    logLevel: 'info',
    logFormat: 'json',
    maxConnections: 1024,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    triggers: {},
    triggerTimeoutMs: 5_000,
    breachedPasswords: [],
    socialEndpoints: {},
    ...overrides,
  };
}
