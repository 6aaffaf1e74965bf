import { defineOperation } from '../app.js';
import { cloudFrontDomain, MANAGED_LOGIN_VERSIONS } from '../pools/domains.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

// Changes a domain's managed login version and a custom domain's certificate, never its name. What
// the request leaves out stays as it is.
export default defineOperation({ name: 'UpdateUserPoolDomain', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const record = await ctx.app.store.domains.get(input.Domain);
  if (!record || record.poolId !== pool.id) throw errors.noSuchDomain();
  if (input.ManagedLoginVersion !== undefined && !MANAGED_LOGIN_VERSIONS.includes(input.ManagedLoginVersion)) {
    throw errors.managedLoginVersionInvalid(MANAGED_LOGIN_VERSIONS);
  }
  if (input.CustomDomainConfig !== undefined && !record.custom) throw errors.certificateForPrefixDomain();
  const updated = {
    ...record,
    managedLoginVersion: input.ManagedLoginVersion ?? record.managedLoginVersion ?? 1,
    certificateArn: input.CustomDomainConfig?.CertificateArn ?? record.certificateArn,
  };
  if (!(await ctx.app.store.domains.update(updated))) throw errors.noSuchDomain();
  return { ManagedLoginVersion: updated.managedLoginVersion, ...(record.custom ? { CloudFrontDomain: cloudFrontDomain(record.domain) } : {}) };
});
