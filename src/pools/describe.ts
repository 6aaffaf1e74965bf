// A pool as DescribeUserPool and CreateUserPool answer it: stored settings plus what is derived.
import type { UserPoolType } from '@aws-sdk/client-cognito-identity-provider';
import type { App } from '../app.js';
import type { PoolRecord } from '../store/records.js';

export function poolArn(app: App, pool: PoolRecord): string {
  const region = pool.id.slice(0, pool.id.indexOf('_'));
  return `arn:aws:cognito-idp:${region}:000000000000:userpool/${pool.id}`;
}

export async function describePool(app: App, pool: PoolRecord): Promise<UserPoolType> {
  const { WebAuthnConfiguration, SoftwareTokenMfaConfiguration, EmailMfaConfiguration, SmsMfaConfiguration, ...settings } =
    pool.settings;
  void WebAuthnConfiguration;
  void SoftwareTokenMfaConfiguration;
  void EmailMfaConfiguration;
  void SmsMfaConfiguration;
  const domains = await app.store.domains.listForPool(pool.id);
  const prefix = domains.find((d) => !d.custom);
  const custom = domains.find((d) => d.custom);
  return {
    Id: pool.id,
    Name: pool.name,
    ...settings,
    ...(prefix ? { Domain: prefix.domain } : {}),
    ...(custom ? { CustomDomain: custom.domain } : {}),
    Arn: poolArn(app, pool),
    EstimatedNumberOfUsers: await app.store.pools.countUsers(pool.id),
    CreationDate: new Date(pool.createdAt),
    LastModifiedDate: new Date(pool.updatedAt),
  };
}
