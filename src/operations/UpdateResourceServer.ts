import { defineOperation } from '../app.js';
import { checkScopes, describeResourceServer, requireResourceServer } from '../oauth/resourceServers.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';

// Replaces the name and the scopes: scopes left out are removed, as Cognito documents for updates.
export default defineOperation({ name: 'UpdateResourceServer', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const current = await requireResourceServer(ctx.app, pool, input.Identifier);
  const updated = { ...current, name: input.Name, scopes: checkScopes(input.Scopes), updatedAt: ctx.app.clock.now() };
  if (!(await ctx.app.store.resourceServers.update(updated))) throw errors.resourceServerNotFound(input.Identifier, pool.id);
  return { ResourceServer: describeResourceServer(updated) };
});
