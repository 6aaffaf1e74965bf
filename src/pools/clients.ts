// App client configuration as CreateUserPoolClient and UpdateUserPoolClient accept it: Cognito's
// defaults where the input is silent, and its rules for flows, token lifetimes and attributes.
import type {
  CreateUserPoolClientRequest,
  TimeUnitsType,
  UserPoolClientType,
} from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { ClientRecord, ClientSecretRecord, ClientSettings, PoolRecord } from '../store/records.js';

export type ClientConfigInput = Omit<CreateUserPoolClientRequest, 'UserPoolId' | 'ClientName' | 'GenerateSecret' | 'ClientSecret'>;

const UNIT_SECONDS: Record<TimeUnitsType, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

const LEGACY_FLOWS = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);

interface Validity {
  value: number;
  unit: TimeUnitsType;
}

/**
 * A token lifetime as the client shows it. Given a value, its unit defaults to `unitOfValue` (hours
 * for access and ID tokens, days for refresh tokens: API reference, TokenValidityUnitsType). Left
 * out, the default lifetime is shown in the given unit where it divides evenly, else as `fallback`.
 */
function validity(value: number | undefined, unit: TimeUnitsType | undefined, unitOfValue: TimeUnitsType, fallback: Validity): Validity {
  if (value !== undefined) return { value, unit: unit ?? unitOfValue };
  const seconds = fallback.value * UNIT_SECONDS[fallback.unit];
  if (unit && seconds % UNIT_SECONDS[unit] === 0) return { value: seconds / UNIT_SECONDS[unit], unit };
  return fallback;
}

function checkRange(name: string, v: Validity, min: number, max: number, range: string): void {
  const seconds = v.value * UNIT_SECONDS[v.unit];
  if (seconds < min || seconds > max) throw errors.tokenValidityOutOfRange(name, range);
}

function checkExplicitAuthFlows(flows: string[] | undefined): void {
  if (!flows || flows.length === 0) return;
  const legacy = flows.filter((f) => LEGACY_FLOWS.has(f));
  if (legacy.length > 0 && legacy.length < flows.length) {
    throw errors.legacyAuthFlowsMixed();
  }
  if (legacy.length === 0 && !flows.includes('ALLOW_REFRESH_TOKEN_AUTH')) {
    throw errors.refreshTokenAuthRequired();
  }
}

function checkAttributes(pool: PoolRecord, names: string[] | undefined, kind: 'read' | 'write', action: string): void {
  const known = new Set((pool.settings.SchemaAttributes ?? []).map((a) => a.Name));
  const unknown = (names ?? []).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw errors.invalidClientAttributes(kind, action, `unknown: ${unknown.join(', ')}`);
  }
}

/**
 * The settings of a client from a Create or Update input (Update replaces the whole configuration,
 * as Cognito documents: members left out go back to their defaults). SupportedIdentityProviders are
 * checked against the pool's providers by checkSupportedProviders.
 */
export function clientSettings(pool: PoolRecord, input: ClientConfigInput, action: 'creating' | 'updating'): ClientSettings {
  checkExplicitAuthFlows(input.ExplicitAuthFlows);
  checkAttributes(pool, input.ReadAttributes, 'read', action);
  checkAttributes(pool, input.WriteAttributes, 'write', action);
  const units = input.TokenValidityUnits ?? {};
  const access = validity(input.AccessTokenValidity, units.AccessToken, 'hours', { value: 60, unit: 'minutes' });
  const id = validity(input.IdTokenValidity, units.IdToken, 'hours', { value: 60, unit: 'minutes' });
  // "You can't set RefreshTokenValidity to 0. If you do, Amazon Cognito overrides the value with the default value of 30 days."
  const refreshValue = input.RefreshTokenValidity === 0 ? undefined : input.RefreshTokenValidity;
  const refresh = validity(refreshValue, units.RefreshToken, 'days', { value: 30, unit: 'days' });
  // Developer guide, "Using tokens": access and ID tokens 5 minutes to 1 day; refresh tokens 60 minutes to 10 years.
  checkRange('AccessTokenValidity', access, 300, 86_400, '5 minutes and 1 day');
  checkRange('IdTokenValidity', id, 300, 86_400, '5 minutes and 1 day');
  checkRange('RefreshTokenValidity', refresh, 3_600, 315_360_000, '60 minutes and 3650 days');
  const rotation = input.RefreshTokenRotation;
  if (rotation?.Feature === 'DISABLED' && rotation.RetryGracePeriodSeconds) {
    throw errors.gracePeriodWithoutRotation();
  }
  return {
    ...input,
    RefreshTokenValidity: refresh.value,
    AccessTokenValidity: access.value,
    IdTokenValidity: id.value,
    TokenValidityUnits: { AccessToken: access.unit, IdToken: id.unit, RefreshToken: refresh.unit },
    AllowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    PreventUserExistenceErrors: input.PreventUserExistenceErrors ?? 'LEGACY',
    EnableTokenRevocation: input.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: input.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: input.AuthSessionValidity ?? 3,
    ...(rotation ? { RefreshTokenRotation: { ...rotation, RetryGracePeriodSeconds: rotation.RetryGracePeriodSeconds ?? 0 } } : {}),
  };
}

/**
 * The OAuth flows a client may have together: client_credentials (a machine's) neither with the code
 * nor the implicit flow (a user's), nor without a client secret.
 */
export function checkOAuthFlows(flows: readonly string[] | undefined, hasSecret: boolean): void {
  if (!flows?.includes('client_credentials')) return;
  if (flows.some((flow) => flow !== 'client_credentials')) throw errors.clientCredentialsWithUserFlows();
  if (!hasSecret) throw errors.clientCredentialsWithoutSecret();
}

/** Cognito caps a client's secrets at two: one to retire and one to move to. */
export const MAX_CLIENT_SECRETS = 2;

/** A secret with Cognito's id form, `<client-id>--<creation time>`. */
export const clientSecretRecord = (clientId: string, value: string, createdAt: number): ClientSecretRecord => ({
  id: `${clientId}--${createdAt}`,
  value,
  createdAt,
});

/**
 * The secret DescribeUserPoolClient shows: the oldest, so that adding a second secret changes nothing
 * for whoever reads it until the old one is deleted.
 */
export const describedSecret = (client: ClientRecord): string | undefined => client.clientSecrets[0]?.value;

export function describeClient(client: ClientRecord): UserPoolClientType {
  const secret = describedSecret(client);
  return {
    UserPoolId: client.poolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(secret === undefined ? {} : { ClientSecret: secret }),
    ...client.settings,
    CreationDate: new Date(client.createdAt),
    LastModifiedDate: new Date(client.updatedAt),
  };
}
