// Many requests at once, from an SDK client of their own: no keep-alive socket that sat idle through
// earlier requests (and that the server may be closing just then) is reused, so every request is
// answered by keypool rather than lost to a reset connection.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { sdkClient, type TestServer } from './server.js';

export async function burst<T>(server: TestServer, count: number, call: (cognito: CognitoIdentityProviderClient, i: number) => Promise<T>) {
  const cognito = sdkClient(server.url);
  try {
    return await Promise.allSettled(Array.from({ length: count }, (_, i) => call(cognito, i)));
  } finally {
    cognito.destroy();
  }
}
