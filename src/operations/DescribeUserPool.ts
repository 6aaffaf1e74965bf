import type { DescribeUserPoolCommandInput, DescribeUserPoolCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { describePool } from '../pools/describe.js';
import { requirePool } from '../pools/lookup.js';

type Output = Omit<DescribeUserPoolCommandOutput, '$metadata'>;

export default defineOperation<DescribeUserPoolCommandInput, Output>('DescribeUserPool', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  return { UserPool: await describePool(ctx.app, pool) };
});
