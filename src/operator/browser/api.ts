// The console's two channels: the operator API (same origin, /_keypool/api/) and keypool's public
// Cognito API (POST / with X-Amz-Target), which the playground uses exactly as an app would.

export class ApiError extends Error {}

export async function operator<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`/_keypool/api/${path}`, init);
  if (response.status === 204) return undefined as T;
  const body = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new ApiError(body.message ?? `HTTP ${response.status}`);
  return body;
}

export const query = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export interface Exchange {
  operation: string;
  request: unknown;
  status: number;
  response: Record<string, unknown>;
}

/** One Cognito operation through the public endpoint; never throws for a Cognito error. */
export async function cognito(operation: string, request: unknown): Promise<Exchange> {
  const response = await fetch('/', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(request),
  });
  return { operation, request, status: response.status, response: (await response.json()) as Record<string, unknown> };
}

// The operator API's answers, typed by the server modules that shape them (type-only: nothing of
// the server reaches the page).
export type { ClientView, DeviceView, GroupView, MfaView, PasskeyView, PoolDetail, PoolSummary, UserView } from '../api.js';
export type { AuthEventRecord as AuthEvent, OutboxMessage } from '../../store/records.js';
