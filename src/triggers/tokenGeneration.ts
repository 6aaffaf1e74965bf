// PreTokenGeneration: the claims a function adds to or suppresses from the tokens about to be issued,
// the groups it puts in their place, and (V2_0, V3_0) the access token's claims and scopes. The
// claims that say what a token is and whom it was issued to and when cannot be changed: the function's
// changes to them are left out (and logged), as are cognito: claims other than through
// groupOverrideDetails.
import type { App, RequestScope } from '../app.js';
import type { GroupClaims } from '../groups/groups.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { eventAttributes, runTrigger, type TriggerResponse } from './run.js';

export type TokenSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials'
  | 'TokenGeneration_HostedAuth';

/** What a function changes in one token. */
export interface ClaimChanges {
  add: Record<string, unknown>;
  suppress: string[];
}

export interface TokenCustomization {
  id: ClaimChanges;
  access: ClaimChanges & { scopesToAdd: string[]; scopesToSuppress: string[] };
  /** The groups and roles the tokens carry instead of the user's. */
  groups?: GroupClaims;
}

const FIXED_CLAIMS = new Set([
  'acr', 'amr', 'aud', 'at_hash', 'auth_time', 'azp', 'c_hash', 'client_id', 'device_key', 'event_id', 'exp', 'iat',
  'identities', 'iss', 'jti', 'nbf', 'nonce', 'origin_jti', 'scope', 'sub', 'token_use', 'username', 'version',
]);

/** Whether a function may add, change or suppress `claim`. */
export const changeableClaim = (claim: string): boolean => !FIXED_CLAIMS.has(claim) && !claim.startsWith('cognito:');

const EVENT_VERSIONS = { V1_0: '1', V2_0: '2', V3_0: '3' } as const;

/** Runs the pool's PreTokenGeneration: its changes, or undefined where the pool has none. */
export async function preTokenGeneration(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  source: TokenSource,
  groups: GroupClaims,
  scopes: string[],
): Promise<TokenCustomization | undefined> {
  const lambdaVersion = pool.settings.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion ?? 'V1_0';
  const v1 = lambdaVersion === 'V1_0';
  const response = await runTrigger(ctx, pool, 'PreTokenGeneration', {
    source,
    version: EVENT_VERSIONS[lambdaVersion],
    userName: user.username,
    request: {
      userAttributes: eventAttributes(user),
      groupConfiguration: { groupsToOverride: groups.groups, iamRolesToOverride: groups.roles, preferredRole: groups.preferredRole ?? null },
      ...(v1 ? {} : { scopes }),
    },
    response: v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  });
  return response && customizationOf(ctx.app, pool, response, v1, groups);
}

/**
 * The pool's PreTokenGeneration for an app client's own token (client_credentials): only a V3_0
 * function hears of those; its changes to the access token, or undefined.
 */
export async function preTokenGenerationForClient(ctx: RequestScope, pool: PoolRecord, clientId: string, scopes: string[]): Promise<TokenCustomization | undefined> {
  if (pool.settings.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion !== 'V3_0') return undefined;
  const response = await runTrigger(ctx, pool, 'PreTokenGeneration', {
    source: 'TokenGeneration_ClientCredentials',
    version: EVENT_VERSIONS.V3_0,
    userName: clientId,
    clientId,
    request: { userAttributes: {}, groupConfiguration: null, scopes },
    response: { claimsAndScopeOverrideDetails: null },
  });
  return response && customizationOf(ctx.app, pool, response, false, { groups: [], roles: [] });
}

/** A function's answer as changes to the tokens, checked member by member. */
function customizationOf(app: App, pool: PoolRecord, response: TriggerResponse, v1: boolean, groups: GroupClaims): TokenCustomization {
  const details = member(response, v1 ? 'claimsOverrideDetails' : 'claimsAndScopeOverrideDetails');
  const none = { add: {}, suppress: [] };
  const customization: TokenCustomization = { id: none, access: { ...none, scopesToAdd: [], scopesToSuppress: [] } };
  if (!details) return customization;
  if (v1) {
    customization.id = claimChanges(details, true);
  } else {
    const id = member(details, 'idTokenGeneration');
    const access = member(details, 'accessTokenGeneration');
    if (id) customization.id = claimChanges(id, false);
    if (access) {
      customization.access = { ...claimChanges(access, false), scopesToAdd: strings(access, 'scopesToAdd'), scopesToSuppress: strings(access, 'scopesToSuppress') };
    }
  }
  const override = member(details, 'groupOverrideDetails');
  if (override) {
    const preferred = override.preferredRole;
    if (preferred !== undefined && preferred !== null && typeof preferred !== 'string') throw errors.lambdaUnrecognizable('preferredRole must be a string');
    customization.groups = {
      groups: override.groupsToOverride === undefined || override.groupsToOverride === null ? groups.groups : strings(override, 'groupsToOverride'),
      roles: override.iamRolesToOverride === undefined || override.iamRolesToOverride === null ? groups.roles : strings(override, 'iamRolesToOverride'),
      preferredRole: preferred === undefined ? groups.preferredRole : (preferred ?? undefined),
    };
  }
  const refused = [...Object.keys(customization.id.add), ...customization.id.suppress, ...Object.keys(customization.access.add), ...customization.access.suppress].filter(
    (claim) => !changeableClaim(claim),
  );
  if (refused.length) app.log.warn({ pool: pool.id, claims: [...new Set(refused)] }, 'PreTokenGeneration may not change these claims; they were left as they are');
  return customization;
}

/** An object member of a response (null and absent are undefined). */
function member(object: TriggerResponse, name: string): TriggerResponse | undefined {
  const value = object[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw errors.lambdaUnrecognizable(`${name} must be an object`);
  return value as TriggerResponse;
}

function strings(object: TriggerResponse, name: string): string[] {
  const value = object[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw errors.lambdaUnrecognizable(`${name} must be a list of strings`);
  return value as string[];
}

/** claimsToAddOrOverride and claimsToSuppress; V1_0 claims are strings, later versions' any JSON. */
function claimChanges(object: TriggerResponse, stringsOnly: boolean): ClaimChanges {
  const add = member(object, 'claimsToAddOrOverride') ?? {};
  if (stringsOnly && Object.values(add).some((v) => typeof v !== 'string')) throw errors.lambdaUnrecognizable('claimsToAddOrOverride values must be strings');
  return { add, suppress: strings(object, 'claimsToSuppress') };
}

/** A token's claims with a function's changes made, where it may make them. */
export function applyClaimChanges(claims: Record<string, unknown>, changes: ClaimChanges): Record<string, unknown> {
  const changed = { ...claims };
  for (const claim of changes.suppress) if (changeableClaim(claim)) delete changed[claim];
  for (const [claim, value] of Object.entries(changes.add)) if (changeableClaim(claim)) changed[claim] = value;
  return changed;
}
