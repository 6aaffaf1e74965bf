import type {
  DescribeUserPoolDomainCommandInput,
  DescribeUserPoolDomainCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { describeDomain } from '../pools/domains.js';

type Output = Omit<DescribeUserPoolDomainCommandOutput, '$metadata'>;

// An unknown domain is no error: Cognito answers an empty DomainDescription (how tools test availability).
export default defineOperation<DescribeUserPoolDomainCommandInput, Output>('DescribeUserPoolDomain', async (input, ctx) => {
  const record = await ctx.app.store.domains.get(input.Domain!);
  if (record) ctx.annotations.pool = record.poolId;
  return { DomainDescription: record ? describeDomain(record) : {} };
});
