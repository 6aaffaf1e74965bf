import { defineOperation } from '../app.js';
import { checkOAuthFlows, clientSettings, describeClient } from '../pools/clients.js';
import { checkAllowedScopes } from '../oauth/resourceServers.js';
import { checkSupportedProviders } from '../oauth/identityProviders.js';
import { requireClient, requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

export default defineOperation({ name: 'UpdateUserPoolClient', quota: 'UserPoolClientUpdate' }, async (input, ctx) => {
  const { UserPoolId, ClientId, ClientName, ...config } = input;
  const pool = await requirePool(ctx.app, UserPoolId);
  ctx.note({ pool: pool.id });
  const client = await requireClient(ctx.app, ClientId, pool.id);
  ctx.note({ client: client.clientId });
  const settings = clientSettings(pool, config, 'updating');
  checkOAuthFlows(settings.AllowedOAuthFlows, client.clientSecrets.length > 0);
  await checkSupportedProviders(ctx.app, pool, settings.SupportedIdentityProviders);
  await checkAllowedScopes(ctx.app, pool, settings.AllowedOAuthScopes);
  const updated = { ...client, clientName: ClientName ?? client.clientName, settings, updatedAt: ctx.app.clock.now() };
  if (!(await ctx.app.store.clients.update(updated))) throw errors.clientNotFound(client.clientId);
  return { UserPoolClient: describeClient(updated) };
});
