// Resource servers (CreateResourceServer ...): APIs whose custom scopes, `<identifier>/<ScopeName>`,
// app clients may be granted in AllowedOAuthScopes beside the standard ones.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { ResourceServerType } from '../protocol/shapes.generated.js';
import type { PoolRecord, ResourceServerRecord } from '../store/records.js';

/** Cognito's quota of resource servers per user pool. */
export const MAX_RESOURCE_SERVERS_PER_POOL = 25;

/** The scopes every pool has. */
export const STANDARD_SCOPES = ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'];

export function describeResourceServer(server: ResourceServerRecord): ResourceServerType {
  return { UserPoolId: server.poolId, Identifier: server.identifier, Name: server.name, Scopes: server.scopes };
}

/** Scopes as given, each name once. */
export function checkScopes(scopes: ResourceServerRecord['scopes'] | undefined): ResourceServerRecord['scopes'] {
  const list = (scopes ?? []).map(({ ScopeName, ScopeDescription }) => ({ ScopeName, ScopeDescription }));
  const names = new Set<string>();
  for (const { ScopeName } of list) {
    if (names.has(ScopeName)) throw errors.duplicateScopeName(ScopeName);
    names.add(ScopeName);
  }
  return list;
}

export async function requireResourceServer(app: App, pool: PoolRecord, identifier: string): Promise<ResourceServerRecord> {
  const server = await app.store.resourceServers.get(pool.id, identifier);
  if (!server) throw errors.resourceServerNotFound(identifier, pool.id);
  return server;
}

/**
 * AllowedOAuthScopes must each be a standard scope or a scope of one of the pool's resource servers
 * (ScopeDoesNotExistException "Invalid scope requested: <scope>" otherwise).
 */
export async function checkAllowedScopes(app: App, pool: PoolRecord, scopes: string[] | undefined): Promise<void> {
  const custom = (scopes ?? []).filter((scope) => !STANDARD_SCOPES.includes(scope));
  const servers = new Map<string, ResourceServerRecord | undefined>();
  for (const scope of custom) {
    const at = scope.lastIndexOf('/');
    const identifier = scope.slice(0, Math.max(at, 0));
    if (!servers.has(identifier)) servers.set(identifier, at > 0 ? await app.store.resourceServers.get(pool.id, identifier) : undefined);
    const server = servers.get(identifier);
    if (!server?.scopes.some((s) => s.ScopeName === scope.slice(at + 1))) throw errors.scopeDoesNotExist(scope);
  }
}
