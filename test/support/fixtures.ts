// Shared set-up for contract tests, all through the real AWS SDK.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { toAttributeList } from '../../src/users/attributes.js';

export const PASSWORD = 'Passw0rd!';

export async function createPool(cognito: CognitoIdentityProviderClient, input: Partial<CreateUserPoolCommandInput> = {}) {
  const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'test-pool', ...input }));
  return UserPool!;
}

export async function createClient(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  input: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const { UserPoolClient } = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'test-client',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH'],
      ...input,
    }),
  );
  return UserPoolClient!;
}

/** A confirmed user with a permanent password. */
export async function createUser(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
  attributes: Record<string, string> = {},
  password = PASSWORD,
) {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: toAttributeList(attributes),
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}

export const TEMPORARY_PASSWORD = 'Temp0rary!';

/** A user created by an administrator with a temporary password: FORCE_CHANGE_PASSWORD until they choose their own. */
export async function invitedUser(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
  attributes: Record<string, string> = {},
) {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      TemporaryPassword: TEMPORARY_PASSWORD,
      MessageAction: 'SUPPRESS',
      UserAttributes: toAttributeList(attributes),
    }),
  );
}

/** InitiateAuth USER_PASSWORD_AUTH with the given AuthParameters, answering whatever comes (tokens or a challenge). */
export function passwordAuth(cognito: CognitoIdentityProviderClient, clientId: string, parameters: Record<string, string>) {
  return cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: parameters }));
}

/** Signs in with USER_PASSWORD_AUTH and returns the AuthenticationResult. */
export async function signIn(cognito: CognitoIdentityProviderClient, clientId: string, username: string, password = PASSWORD) {
  const result = await passwordAuth(cognito, clientId, { USERNAME: username, PASSWORD: password });
  if (!result.AuthenticationResult) throw new Error(`sign-in gave a challenge: ${result.ChallengeName}`);
  return result.AuthenticationResult;
}

export interface PoolSetup {
  pool?: Partial<CreateUserPoolCommandInput>;
  client?: Partial<CreateUserPoolClientCommandInput>;
}

/** A pool with one app client. */
export async function poolWithClient(cognito: CognitoIdentityProviderClient, options: PoolSetup = {}) {
  const pool = await createPool(cognito, options.pool);
  const client = await createClient(cognito, pool.Id!, options.client);
  return { pool, client, poolId: pool.Id!, clientId: client.ClientId! };
}

/** A pool with one client and one confirmed user with a verified email (alice unless named). */
export async function poolWithUser(cognito: CognitoIdentityProviderClient, options: PoolSetup & { username?: string } = {}) {
  const setup = await poolWithClient(cognito, options);
  const username = options.username ?? 'alice';
  await createUser(cognito, setup.poolId, username, { email: `${username}@example.com`, email_verified: 'true' });
  return { ...setup, username };
}

/** A pool with one client and one signed-in user: the starting point of most tests. */
export async function signedInUser(cognito: CognitoIdentityProviderClient, options: PoolSetup & { username?: string } = {}) {
  const setup = await poolWithUser(cognito, options);
  const tokens = await signIn(cognito, setup.clientId, setup.username);
  return { ...setup, tokens, accessToken: tokens.AccessToken! };
}

/** Asserts that `promise` rejects with an SDK error of the given name (and message, when given). */
export async function expectError(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    if (e.name !== name) throw new Error(`expected ${name} but got ${e.name}: ${e.message}`);
    if (message !== undefined) {
      const ok = typeof message === 'string' ? e.message === message : message.test(e.message);
      if (!ok) throw new Error(`expected ${name} message ${String(message)} but got: ${e.message}`);
    }
    return e;
  }
  throw new Error(`expected ${name} but the call succeeded`);
}

/** The claims of a JWT, unverified (tests that check what a token carries). */
export const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** `token` with one character of its middle changed: its last characters may carry only base64 padding bits. */
export function tampered(token: string): string {
  const middle = Math.floor(token.length / 2);
  return `${token.slice(0, middle)}${token[middle] === 'A' ? 'B' : 'A'}${token.slice(middle + 1)}`;
}
