import { defineOperation } from '../app.js';
import { MAX_RESOURCE_SERVERS_PER_POOL, checkScopes, describeResourceServer } from '../oauth/resourceServers.js';
import { requirePool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { ResourceServerRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';

export default defineOperation({ name: 'CreateResourceServer', quota: 'UserPoolResourceUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const now = ctx.app.clock.now();
  const server: ResourceServerRecord = {
    poolId: pool.id,
    identifier: input.Identifier,
    name: input.Name,
    scopes: checkScopes(input.Scopes),
    createdAt: now,
    updatedAt: now,
  };
  try {
    if (!(await ctx.app.store.resourceServers.create(server, MAX_RESOURCE_SERVERS_PER_POOL))) throw errors.poolNotFound(pool.id);
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    throw error.what === 'limit' ? errors.resourceServerLimit(MAX_RESOURCE_SERVERS_PER_POOL) : errors.resourceServerExists(server.identifier);
  }
  return { ResourceServer: describeResourceServer(server) };
});
