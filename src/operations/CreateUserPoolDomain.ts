import { defineOperation } from '../app.js';
import { checkPrefix, cloudFrontDomain, MANAGED_LOGIN_VERSIONS } from '../pools/domains.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { DomainRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';

export default defineOperation({ name: 'CreateUserPoolDomain', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const custom = input.CustomDomainConfig !== undefined;
  const domain = input.Domain;
  if (!custom) checkPrefix(domain);
  const version = input.ManagedLoginVersion ?? 1;
  if (!MANAGED_LOGIN_VERSIONS.includes(version)) {
    throw errors.managedLoginVersionInvalid(MANAGED_LOGIN_VERSIONS);
  }
  const existing = await ctx.app.store.domains.listForPool(pool.id);
  if (existing.some((d) => d.custom === custom)) throw errors.poolHasDomain();
  const record: DomainRecord = {
    domain,
    poolId: pool.id,
    custom,
    certificateArn: input.CustomDomainConfig?.CertificateArn,
    managedLoginVersion: version,
    createdAt: ctx.app.clock.now(),
  };
  try {
    await ctx.app.store.domains.create(record);
  } catch (error) {
    if (error instanceof StoreConflict) throw errors.domainTaken();
    throw error;
  }
  return { ManagedLoginVersion: version, ...(custom ? { CloudFrontDomain: cloudFrontDomain(domain) } : {}) };
});
