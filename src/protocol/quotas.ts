// Optional request-rate quotas, modelled on Cognito's API operation categories ("Quotas in Amazon
// Cognito", developer guide): every operation of a category shares one rate, in requests per second.
// keypool keeps a token bucket per pool and category in this node's memory (a developer feature: with
// several nodes each enforces the rate on its own share). Off unless configured (--quotas, --quota).
// A provisioned limit (UpdateProvisionedLimit, src/protocol/provisionedLimits.ts) replaces a
// category's configured rate on every node.
import type { App } from '../app.js';
import { errors } from './errors.js';
import { provisionedLimits } from './provisionedLimits.js';

/**
 * Cognito's default rate (requests per second) of each category. Each operation declares its
 * category beside its handler (defineOperation), as AWS lists it ("Amazon Cognito user pools API
 * operation categories and request rate quotas").
 */
export const DEFAULT_QUOTAS = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserUpdate: 25,
  UserToken: 120,
  UserList: 30,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
} as const;

export type QuotaCategory = keyof typeof DEFAULT_QUOTAS;

const isCategory = (name: string): name is QuotaCategory => Object.hasOwn(DEFAULT_QUOTAS, name);

/**
 * The rates from the command line: undefined (quotas off) unless enabled or overridden;
 * `overrides` are `Category=rps`. Throws on an unknown category or a rate that is not a positive number.
 */
export function quotaSettings(enabled: boolean, overrides: readonly string[]): Record<QuotaCategory, number> | undefined {
  if (!enabled && overrides.length === 0) return undefined;
  const rates: Record<QuotaCategory, number> = { ...DEFAULT_QUOTAS };
  for (const override of overrides) {
    const [name = '', text = ''] = override.split('=');
    if (!isCategory(name)) throw new Error(`--quota: unknown category '${name}'; one of ${Object.keys(DEFAULT_QUOTAS).join(', ')}`);
    const rate = Number(text);
    if (!Number.isFinite(rate) || rate <= 0) throw new Error(`--quota ${name} needs a positive number of requests per second, not '${text}'`);
    rates[name] = rate;
  }
  return rates;
}

interface Bucket {
  tokens: number;
  at: number;
  /** The rate it last refilled at. */
  rate: number;
}

/** Buckets kept before full ones (as good as absent) are dropped: random pool ids cannot grow the map without bound. */
const PRUNE_ABOVE = 10_000;

/** A token bucket per pool and category: each holds one second of its rate and refills continuously. */
export class Quotas {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly app: App,
    private readonly rates: Readonly<Record<string, number>>,
  ) {}

  /** Takes one request from the bucket of the category and the request's pool; TooManyRequestsException when empty. */
  async admit(category: QuotaCategory, input: unknown): Promise<void> {
    if (!this.rates[category]) return;
    const rate = await provisionedLimits(this.app).rateOf(category);
    const pool = await this.poolOf(input as Record<string, unknown>);
    if (!this.take(`${pool}\n${category}`, rate)) throw errors.rateExceeded(`${category} quota of ${rate}/s for ${pool || 'the account'}`);
  }

  private take(key: string, rate: number): boolean {
    const now = this.app.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: rate, at: now, rate };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    bucket.rate = rate;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private prune(now: number): void {
    for (const [key, { tokens, at, rate }] of this.buckets) {
      if (tokens + ((now - at) / 1000) * rate >= rate) this.buckets.delete(key);
    }
  }

  /** The pool a request is about: named, through its app client, or by its access token's issuer; '' for the account. */
  private async poolOf(input: Record<string, unknown>): Promise<string> {
    if (typeof input.UserPoolId === 'string') return input.UserPoolId;
    if (typeof input.ClientId === 'string') return (await this.app.store.clients.get(input.ClientId))?.poolId ?? '';
    if (typeof input.AccessToken === 'string') return issuerPool(input.AccessToken);
    return '';
  }
}

/** The pool id at the end of an access token's `iss`, read without verifying: it only picks a bucket. */
function issuerPool(token: string): string {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof claims.iss === 'string' ? claims.iss.slice(claims.iss.lastIndexOf('/') + 1) : '';
  } catch {
    return '';
  }
}
