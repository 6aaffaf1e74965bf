// Finding the pool and app client a request names, with Cognito's not-found errors. The operation
// notes what was found on its request.
import type { App } from '../app.js';
import { errors, type CognitoError } from '../protocol/errors.js';
import type { ClientRecord, PoolRecord } from '../store/records.js';

export async function requirePool(app: App, poolId: string): Promise<PoolRecord> {
  const pool = await app.store.pools.get(poolId);
  if (!pool) throw errors.poolNotFound(poolId);
  return pool;
}

/** The client, which must belong to `poolId` when one is given. */
export async function requireClient(app: App, clientId: string, poolId?: string): Promise<ClientRecord> {
  const client = await app.store.clients.get(clientId);
  if (!client || (poolId !== undefined && client.poolId !== poolId)) throw errors.clientNotFound(clientId);
  return client;
}

/** The client and its pool, for operations that name only a ClientId (InitiateAuth, SignUp, ...). */
export async function requireClientAndPool(app: App, clientId: string): Promise<{ client: ClientRecord; pool: PoolRecord }> {
  const client = await requireClient(app, clientId);
  const pool = await requirePool(app, client.poolId);
  return { client, pool };
}

/** Cognito's default when an app client does not say: LEGACY (UserNotFoundException for unknown users). */
export const revealsUserExistence = (client: ClientRecord): boolean =>
  client.settings.PreventUserExistenceErrors !== 'ENABLED';

/** What a sign-in for nobody answers: UserNotFoundException, or the wrong-password answer when the client prevents user-existence errors. */
export const unknownUserError = (client: ClientRecord, detail: string): CognitoError =>
  revealsUserExistence(client) ? errors.userNotFound(detail) : errors.incorrectCredentials(detail);
