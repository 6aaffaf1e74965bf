import { defineOperation } from '../app.js';
import { describeDomain } from '../pools/domains.js';

// An unknown domain is no error: Cognito answers an empty DomainDescription (how tools test availability).
export default defineOperation({ name: 'DescribeUserPoolDomain', quota: 'UserPoolResourceRead' }, async (input, ctx) => {
  const record = await ctx.app.store.domains.get(input.Domain);
  if (record) ctx.note({ pool: record.poolId });
  return { DomainDescription: record ? describeDomain(record) : {} };
});
