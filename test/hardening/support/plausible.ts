// Requests keypool would accept, member by member, for hostile-input tests that break one thing in
// them: the live ids of a pool, its app clients and a signed-in user with a passkey, and for every
// other member a value its shape allows.
import { operationDefs, shape, type ShapeDef } from '../../../src/protocol/model.js';
import type { OperationName } from '../../../src/protocol/shapes.generated.js';
import { createClient, createUser, signIn } from '../../support/fixtures.js';
import type { TestServer } from '../../support/server.js';
import { SoftAuthenticator } from '../../support/softAuthenticator.js';
import { passkeyPool, registerPasskey } from '../../support/userAuth.js';

export interface LiveIds {
  poolId: string;
  clientId: string;
  secretClientId: string;
  clientSecret: string;
  username: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
  credentialId: string;
}

/** A passkey pool with a public and a secret app client, and a signed-in user with a verified email and a passkey. */
export async function createLiveIds(server: TestServer, username = 'fuzzer'): Promise<LiveIds> {
  const { cognito } = server;
  const { poolId, clientId } = await passkeyPool(cognito);
  const secretClient = await createClient(cognito, poolId, { GenerateSecret: true });
  await createUser(cognito, poolId, username, { email: `${username}@example.com`, email_verified: 'true' });
  const tokens = await signIn(cognito, clientId, username);
  const credentialId = await registerPasskey(cognito, tokens.AccessToken!, new SoftAuthenticator());
  return {
    poolId,
    clientId,
    secretClientId: secretClient.ClientId!,
    clientSecret: secretClient.ClientSecret!,
    username,
    accessToken: tokens.AccessToken!,
    idToken: tokens.IdToken!,
    refreshToken: tokens.RefreshToken!,
    credentialId,
  };
}

export function plausibleMember(member: string, shapeName: string, ids: LiveIds, depth = 0): unknown {
  const byName: Record<string, unknown> = {
    UserPoolId: ids.poolId,
    ClientId: ids.clientId,
    Username: ids.username,
    AccessToken: ids.accessToken,
    RefreshToken: ids.refreshToken,
    Token: ids.refreshToken,
    ClientSecret: ids.clientSecret,
    CredentialId: ids.credentialId,
    PoolName: 'fuzz',
    ClientName: 'fuzz',
    Domain: 'fuzz-domain',
  };
  if (member in byName) return byName[member];
  return plausibleValue(shape(shapeName), ids, depth);
}

export function plausibleValue(def: ShapeDef, ids: LiveIds, depth: number): unknown {
  switch (def.type) {
    case 'string':
      return def.enum?.[0] ?? 'x'.repeat(Math.max(1, def.min ?? 1));
    case 'integer':
    case 'long':
      return def.min ?? 1;
    case 'boolean':
      return true;
    case 'timestamp':
      return 1_700_000_000;
    case 'blob':
      return 'AAAA';
    case 'list':
    case 'map':
      return def.type === 'list' ? [] : {};
    case 'document':
      return {};
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (depth > 3) return out;
      for (const name of def.required ?? []) out[name] = plausibleMember(name, def.members![name]!, ids, depth + 1);
      return out;
    }
  }
}

export function plausibleInput(opName: OperationName, ids: LiveIds): Record<string, unknown> {
  const inputShape = operationDefs[opName].input;
  if (!inputShape) return {};
  const def = shape(inputShape);
  const out: Record<string, unknown> = {};
  for (const [name, memberShape] of Object.entries(def.members ?? {})) out[name] = plausibleMember(name, memberShape, ids);
  return out;
}
