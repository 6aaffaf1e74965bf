import type {
  DescribeUserPoolClientCommandInput,
  DescribeUserPoolClientCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { describeClient } from '../pools/clients.js';
import { requireClient, requirePool } from '../pools/lookup.js';

type Output = Omit<DescribeUserPoolClientCommandOutput, '$metadata'>;

export default defineOperation<DescribeUserPoolClientCommandInput, Output>('DescribeUserPoolClient', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const client = await requireClient(ctx, input.ClientId!, pool.id);
  return { UserPoolClient: describeClient(client) };
});
