import type { AdminInitiateAuthCommandInput, AdminInitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { initiate } from '../auth/initiate.js';
import { requireClient, requirePool } from '../pools/lookup.js';

type Output = Omit<AdminInitiateAuthCommandOutput, '$metadata'>;

export default defineOperation<AdminInitiateAuthCommandInput, Output>('AdminInitiateAuth', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  const client = await requireClient(ctx, input.ClientId!, pool.id);
  return (await initiate(ctx, pool, client, input, true)) as Output;
});
