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

export interface PoolSummary {
  id: string;
  name: string;
  tier: string;
  users: number;
  passkeys: boolean;
  threatProtection: string;
  createdAt: number;
}

export interface ClientView {
  clientId: string;
  clientName: string;
  hasSecret: boolean;
  explicitAuthFlows: string[];
  preventUserExistenceErrors: string;
  createdAt: number;
}

export interface PoolDetail {
  summary: PoolSummary;
  pool: Record<string, unknown>;
  signInPolicy: { AllowedFirstAuthFactors?: string[] };
  webAuthn: {
    enabled: boolean;
    rpId?: string;
    userVerification: string;
    factorConfiguration: string;
    consoleOrigin: string;
    consoleOriginAllowed: boolean;
  };
  domains: { domain: string; custom: boolean }[];
  clients: ClientView[];
}

export interface UserView {
  username: string;
  sub: string;
  status: string;
  enabled: boolean;
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface PasskeyView {
  credentialId: string;
  friendlyName: string;
  aaguid: string;
  attachment: string | null;
  transports: string[];
  backupEligible: boolean;
  backedUp: boolean;
  signCount: number;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AuthEvent {
  id: string;
  poolId: string;
  clientId?: string;
  username?: string;
  eventType: string;
  operation: string;
  outcome: 'Pass' | 'Fail' | 'InProgress';
  flow?: string;
  challenge?: string;
  nextChallenge?: string;
  errorType?: string;
  reason?: string;
  sourceIp: string;
  userAgent: string;
  createdAt: number;
}

export interface OutboxMessage {
  id: string;
  poolId: string;
  username: string;
  channel: string;
  destination: string;
  purpose: string;
  subject?: string;
  message: string;
  code?: string;
  createdAt: number;
}
