import type { GetUserPoolMfaConfigCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { defineOperation } from '../app.js';
import { requirePool } from '../pools/lookup.js';
import { mfaConfigOf, type MfaConfig } from '../pools/mfa.js';

export default defineOperation<GetUserPoolMfaConfigCommandInput, MfaConfig>('GetUserPoolMfaConfig', async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId!);
  return mfaConfigOf(pool.settings);
});
