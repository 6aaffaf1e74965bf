// Threat protection's assessment of a sign-in, once its first factor is proven, in pools whose
// UserPoolAddOns.AdvancedSecurityMode is AUDIT (assess and record) or ENFORCED (also act, by the
// effective risk configuration). keypool cannot see what AWS sees, so its rules are few and explicit
// (docs/decisions.md, "Threat protection"):
// - An address in BlockedIPRangeList is blocked; one in SkippedIPRangeList is not assessed.
// - Compromised credentials: the password sent is on the local breached list (src/risk/breached.ts).
// - Account takeover: the user's sign-ins so far are compared with this one's address and device
//   (user agent). Known means seen in a successful sign-in, or in an event given Valid feedback.
//   The first sign-in has nothing to compare with: no risk. A new address or a new device is Low;
//   both are Medium, or High after five failed sign-ins of the user within the hour; an address or
//   device seen in an event given Invalid feedback is High.
import { createHash } from 'node:crypto';
import { randomBytes } from '../random.js';
import { isIP } from 'node:net';
import type { RequestContext } from '../app.js';
import type { AuthRequest } from '../auth/types.js';
import { threatProtectionOn } from '../events/cognito.js';
import { newSortableId } from '../ids.js';
import { errors } from '../protocol/errors.js';
import type { AccountTakeoverActionType, ContextDataType, EventFilterType, NotifyConfigurationType, UserContextDataType } from '../protocol/shapes.generated.js';
import type { AuthEventRecord, ClientRecord, EventRisk, PoolRecord, ProvenState, UserRecord } from '../store/records.js';
import { isBreached } from './breached.js';
import { effectiveRiskBody, ipRanges, type RiskBody } from './configuration.js';
import { notifyRisk } from './notify.js';

/** Where a request comes from as threat protection sees it: the end user's address and device. */
export interface EndUser {
  ip: string;
  device: string;
}

/** What a request's auth event records of threat protection. */
export interface RiskNote {
  endUser?: EndUser;
  risk?: EventRisk;
  /** The event's id, chosen before it is recorded when a notification names it. */
  eventId?: string;
  feedbackTokenHash?: string;
}

const notes = new WeakMap<RequestContext, RiskNote>();

export const riskNoteOf = (ctx: RequestContext): RiskNote | undefined => notes.get(ctx);

function note(ctx: RequestContext, found: RiskNote): void {
  notes.set(ctx, { ...notes.get(ctx), ...found });
}

/** Sign-ins of the user compared with this one (the newest). */
const HISTORY = 200;
const FAILURE_WINDOW_MS = 60 * 60 * 1000;
const FAILURES_FOR_HIGH = 5;

/** The caller's own address (IPv4 without its IPv6 mapping) and user agent, as events keep them. */
const callerOf = (ctx: RequestContext): EndUser => ({ ip: ctx.sourceIp.replace(/^::ffff:/, ''), device: ctx.userAgent.slice(0, 512) });

/**
 * The end user of a sign-in request: a server calling AdminInitiateAuth names them in ContextData; an
 * app client that propagates user context data (EnablePropagateAdditionalUserContextData) in
 * UserContextData.IpAddress; otherwise the caller is the end user.
 */
export function noteEndUser(
  ctx: RequestContext,
  client: ClientRecord,
  input: { ContextData?: ContextDataType; UserContextData?: UserContextDataType },
): void {
  const caller = callerOf(ctx);
  const admin = input.ContextData;
  const named = admin ? ['ContextData', admin.IpAddress] : ['UserContextData', input.UserContextData?.IpAddress];
  if (named[1] !== undefined && isIP(named[1]) === 0) throw errors.contextIpInvalid(named[0]!);
  if (admin) {
    const agent = admin.HttpHeaders.find((header) => header.headerName?.toLowerCase() === 'user-agent')?.headerValue;
    note(ctx, { endUser: { ip: admin.IpAddress, device: (agent ?? caller.device).slice(0, 512) } });
    return;
  }
  const propagated = client.settings.EnablePropagateAdditionalUserContextData === true ? input.UserContextData?.IpAddress : undefined;
  note(ctx, { endUser: { ...caller, ...(propagated ? { ip: propagated } : {}) } });
}

/** Whom a request acts for: the end user its operation noted, else the caller. */
export const endUserOf = (ctx: RequestContext): EndUser => notes.get(ctx)?.endUser ?? callerOf(ctx);

const enforced = (pool: PoolRecord) => pool.settings.UserPoolAddOns?.AdvancedSecurityMode === 'ENFORCED';

const blocksCompromised = (config: RiskBody | undefined, event: EventFilterType) => {
  const compromised = config?.CompromisedCredentialsRiskConfiguration;
  return compromised?.Actions.EventAction === 'BLOCK' && (compromised.EventFilter ?? []).includes(event);
};

/** Where the address falls in the configuration's exceptions. */
function ipException(config: RiskBody | undefined, ip: string): 'blocked' | 'skipped' | undefined {
  const exceptions = config?.RiskExceptionConfiguration;
  if (!exceptions) return undefined;
  const contains = (name: string, ranges: string[] | undefined) => {
    if (!ranges?.length) return false;
    const list = ipRanges(name, ranges);
    return list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  };
  if (contains('BlockedIPRangeList', exceptions.BlockedIPRangeList)) return 'blocked';
  if (contains('SkippedIPRangeList', exceptions.SkippedIPRangeList)) return 'skipped';
  return undefined;
}

/** The account-takeover risk of the user signing in from `endUser`, by the rules above. */
export function accountTakeoverLevel(history: readonly AuthEventRecord[], endUser: EndUser, now: number): EventRisk['level'] {
  const seenIn = (events: readonly AuthEventRecord[]) => ({
    ip: events.some((e) => e.sourceIp === endUser.ip),
    device: events.some((e) => e.userAgent === endUser.device),
  });
  const distrusted = seenIn(history.filter((e) => e.feedback?.value === 'Invalid'));
  if (distrusted.ip || distrusted.device) return 'High';
  const trusted = history.filter((e) => e.feedback?.value === 'Valid' || (e.outcome === 'Pass' && e.feedback === undefined));
  if (trusted.length === 0) return undefined;
  const known = seenIn(trusted);
  if (!known.ip && !known.device) {
    const failures = history.filter((e) => e.outcome === 'Fail' && e.createdAt > now - FAILURE_WINDOW_MS).length;
    return failures >= FAILURES_FOR_HIGH ? 'High' : 'Medium';
  }
  return known.ip && known.device ? undefined : 'Low';
}

/**
 * Assesses a sign-in whose first factor is proven (with the password, where the flow sent it), records
 * the assessment on its auth event, and in ENFORCED mode acts on it: refuses the sign-in, or asks for
 * MFA (what is returned goes into the sign-in's state for src/mfa/challenges.ts).
 */
export async function assessSignIn(request: AuthRequest, user: UserRecord, password: string | undefined): Promise<ProvenState['riskMfa']> {
  const { ctx, pool, client } = request;
  if (!threatProtectionOn(pool)) return undefined;
  const config = await effectiveRiskBody(ctx.app, pool.id, client.clientId);
  const endUser = endUserOf(ctx);
  const acting = enforced(pool);
  const exception = ipException(config, endUser.ip);
  if (exception === 'skipped') {
    note(ctx, { risk: { decision: 'NoRisk', compromised: false } });
    return undefined;
  }
  if (exception === 'blocked') {
    note(ctx, { risk: { decision: acting ? 'Block' : 'NoRisk', level: 'High', compromised: false } });
    if (acting) throw errors.riskBlocked(`${endUser.ip} is in the BlockedIPRangeList`);
    return undefined;
  }
  const compromised = password !== undefined && isBreached(ctx.app, password);
  if (compromised && acting && blocksCompromised(config, 'SIGN_IN')) {
    note(ctx, { risk: { decision: 'Block', compromised } });
    throw errors.riskBlocked('the password is on the breached-password list (compromised credentials)');
  }
  const history = await ctx.app.store.events.list({ poolId: pool.id, username: user.username, eventType: 'SignIn', limit: HISTORY });
  const level = accountTakeoverLevel(history.items, endUser, ctx.app.clock.now());
  const action: AccountTakeoverActionType | undefined = level && acting ? config?.AccountTakeoverRiskConfiguration?.Actions[`${level}Action`] : undefined;
  const decision: EventRisk['decision'] = !action || action.EventAction === 'NO_ACTION' ? 'NoRisk' : action.EventAction === 'BLOCK' ? 'Block' : 'AccountTakeover';
  note(ctx, { risk: { decision, ...(level ? { level } : {}), compromised } });
  const notify = config?.AccountTakeoverRiskConfiguration?.NotifyConfiguration;
  if (action?.Notify && notify) await notifyUser(request, user, action, notify, endUser);
  if (action?.EventAction === 'BLOCK') throw errors.riskBlocked(`${level} account takeover risk from ${endUser.ip}`);
  if (action?.EventAction === 'MFA_IF_CONFIGURED') return 'IF_CONFIGURED';
  if (action?.EventAction === 'MFA_REQUIRED') return 'REQUIRED';
  return undefined;
}

/** MFA_REQUIRED where the user has no second factor: the sign-in is refused after all. */
export function refuseWithoutMfa(ctx: RequestContext): never {
  const risk = notes.get(ctx)?.risk;
  if (risk) note(ctx, { risk: { ...risk, decision: 'Block' } });
  throw errors.riskBlocked('MFA_REQUIRED, and the user has no MFA they can answer');
}

/** Sends the action's notification with one-click feedback links, whose token the event keeps (hashed). */
async function notifyUser(
  request: AuthRequest,
  user: UserRecord,
  action: AccountTakeoverActionType,
  notify: NotifyConfigurationType,
  endUser: EndUser,
): Promise<void> {
  const { ctx, pool } = request;
  const eventId = notes.get(ctx)?.eventId ?? newSortableId(ctx.app.clock.now());
  const token = randomBytes(32).toString('base64url');
  note(ctx, { eventId, feedbackTokenHash: feedbackTokenHash(token) });
  await notifyRisk(ctx.app, pool, user, { action: action.EventAction, notify, endUser, eventId, token });
}

export const feedbackTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * A new password, at sign-up or when changed: refused in ENFORCED mode when it is on the breached list
 * and the configuration blocks compromised credentials for that event. The detection goes on the
 * request's auth event, where the operation records one.
 */
export async function checkNewPassword(
  ctx: RequestContext,
  pool: PoolRecord,
  clientId: string | undefined,
  password: string,
  event: Exclude<EventFilterType, 'SIGN_IN'>,
): Promise<void> {
  if (!threatProtectionOn(pool) || !isBreached(ctx.app, password)) return;
  const block = enforced(pool) && blocksCompromised(await effectiveRiskBody(ctx.app, pool.id, clientId), event);
  note(ctx, { risk: { decision: block ? 'Block' : 'NoRisk', compromised: true } });
  if (block) throw errors.compromisedPassword(`the new password is on the breached-password list (${event})`);
}
