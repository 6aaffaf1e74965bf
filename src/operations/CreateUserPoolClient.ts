import { defineOperation } from '../app.js';
import { newClientId, newClientSecret } from '../ids.js';
import { checkOAuthFlows, clientSecretRecord, clientSettings, describeClient } from '../pools/clients.js';
import { checkAllowedScopes } from '../oauth/resourceServers.js';
import { checkSupportedProviders } from '../oauth/identityProviders.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { ClientRecord } from '../store/records.js';

export default defineOperation({ name: 'CreateUserPoolClient', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...config } = input;
  const pool = await requirePool(ctx.app, UserPoolId);
  ctx.note({ pool: pool.id });
  if (ClientSecret !== undefined && GenerateSecret === false) {
    throw errors.clientSecretWithoutGenerate();
  }
  const settings = clientSettings(pool, config, 'creating');
  checkOAuthFlows(settings.AllowedOAuthFlows, ClientSecret !== undefined || GenerateSecret === true);
  await checkSupportedProviders(ctx.app, pool, settings.SupportedIdentityProviders);
  await checkAllowedScopes(ctx.app, pool, settings.AllowedOAuthScopes);
  const now = ctx.app.clock.now();
  const clientId = newClientId();
  const secret = ClientSecret ?? (GenerateSecret ? newClientSecret() : undefined);
  const client: ClientRecord = {
    poolId: pool.id,
    clientId,
    clientName: ClientName,
    clientSecrets: secret === undefined ? [] : [clientSecretRecord(clientId, secret, now)],
    settings,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.app.store.clients.create(client);
  ctx.note({ client: client.clientId });
  return { UserPoolClient: describeClient(client) };
});
