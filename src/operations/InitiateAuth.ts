import type { InitiateAuthCommandInput, InitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { initiate } from '../auth/initiate.js';
import { requireClientAndPool } from '../pools/lookup.js';

type Output = Omit<InitiateAuthCommandOutput, '$metadata'>;

export default defineOperation<InitiateAuthCommandInput, Output>('InitiateAuth', async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx, input.ClientId!);
  return (await initiate(ctx, pool, client, input, false)) as Output;
});
