// A pool as DescribeUserPool and CreateUserPool answer it: stored settings plus what is derived.
import type { UserPoolType } from '../protocol/shapes.generated.js';
import type { App } from '../app.js';
import type { PoolRecord, PoolSettings } from '../store/records.js';

export function poolArn(pool: PoolRecord): string {
  const region = pool.id.slice(0, pool.id.indexOf('_'));
  return `arn:aws:cognito-idp:${region}:000000000000:userpool/${pool.id}`;
}

/** Settings only Get/SetUserPoolMfaConfig show: UserPoolType has no member for them. */
const MFA_FACTOR_SETTINGS = new Set<string>([
  'WebAuthnConfiguration',
  'SoftwareTokenMfaConfiguration',
  'EmailMfaConfiguration',
  'SmsMfaConfiguration',
] satisfies (keyof PoolSettings)[]);

export async function describePool(app: App, pool: PoolRecord): Promise<UserPoolType> {
  const settings: Partial<UserPoolType> = Object.fromEntries(
    Object.entries(pool.settings).filter(([name]) => !MFA_FACTOR_SETTINGS.has(name)),
  );
  const domains = await app.store.domains.listForPool(pool.id);
  const prefix = domains.find((d) => !d.custom);
  const custom = domains.find((d) => d.custom);
  return {
    Id: pool.id,
    Name: pool.name,
    ...settings,
    ...(prefix ? { Domain: prefix.domain } : {}),
    ...(custom ? { CustomDomain: custom.domain } : {}),
    Arn: poolArn(pool),
    EstimatedNumberOfUsers: await app.store.pools.countUsers(pool.id),
    CreationDate: new Date(pool.createdAt),
    LastModifiedDate: new Date(pool.updatedAt),
  };
}
