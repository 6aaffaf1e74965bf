// Everything keypool can be configured with, from the command line or the environment.

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
  /** Region of new pool ids (us-east-1_AbC123xyZ). */
  region: string;
  /** Base of every issuer (`<publicUrl>/<poolId>`); by default the listening URL. */
  publicUrl?: string;
  /** When set, Admin* and other IAM-authorized operations must carry a valid SigV4 signature by one of these. */
  adminCredentials: AdminCredentials[];
  /** The operator outbox of codes and messages (GET /_keypool/outbox); on by default. */
  outbox: boolean;
  /** Origins accepted for WebAuthn besides the ones derived from the relying-party id. */
  extraOrigins: string[];
  logLevel: string;
}

export function defaultConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 9229,
    dataDir: '.keypool',
    region: 'us-east-1',
    adminCredentials: [],
    outbox: true,
    extraOrigins: [],
    logLevel: 'info',
    ...overrides,
  };
}
