// Running one trigger of a pool: the event Cognito sends (version, triggerSource, region, userPoolId,
// userName, callerContext, request, response), the function's answer, and Cognito's errors for a
// function that throws (UserLambdaValidationException), overruns its 5 seconds or cannot be reached
// (UnexpectedLambdaException), or answers something that is not the event (InvalidLambdaResponseException).
import type { RequestScope } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { LambdaConfigType } from '../protocol/shapes.generated.js';
import type { PoolRecord, TriggerRun, UserRecord } from '../store/records.js';
import { FunctionFailure } from './failure.js';
import { functionName } from './functions.js';

export type TriggerName =
  | 'PreSignUp'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'PreTokenGeneration'
  | 'UserMigration'
  | 'CustomMessage'
  | 'CustomEmailSender'
  | 'CustomSMSSender';

/** The ARN a pool's LambdaConfig gives for a trigger. */
export function triggerArn(pool: PoolRecord, trigger: TriggerName): string | undefined {
  const config: LambdaConfigType = pool.settings.LambdaConfig ?? {};
  switch (trigger) {
    case 'PreTokenGeneration':
      return config.PreTokenGenerationConfig?.LambdaArn ?? config.PreTokenGeneration;
    case 'CustomEmailSender':
    case 'CustomSMSSender':
      return config[trigger]?.LambdaArn;
    default:
      return config[trigger];
  }
}

export interface TriggerCall {
  /** The event's triggerSource, e.g. PreSignUp_SignUp. */
  source: string;
  userName: string;
  /** The app client, where the request is not an API operation's (the token endpoint's). */
  clientId?: string;
  request: Record<string, unknown>;
  /** The response members with Cognito's starting values. */
  response?: Record<string, unknown>;
  /** The event's version: "1", or the pre token generation event's "2" and "3". */
  version?: string;
}

export type TriggerResponse = Record<string, unknown>;

/** The user's attributes as triggers see them: sub, the attributes, and cognito:user_status. */
export function eventAttributes(user: UserRecord): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/**
 * Runs the pool's `trigger`, if it has one: the `response` of the event the function answered (the
 * starting response where it left it out), or undefined when the pool names no function for it.
 */
export async function runTrigger(ctx: RequestScope, pool: PoolRecord, trigger: TriggerName, call: TriggerCall): Promise<TriggerResponse | undefined> {
  const arn = triggerArn(pool, trigger);
  if (!arn) return undefined;
  const { app, clientMetadata } = ctx;
  const request = clientMetadata && !('clientMetadata' in call.request) ? { ...call.request, clientMetadata } : call.request;
  const event = {
    version: call.version ?? '1',
    triggerSource: call.source,
    region: pool.id.split('_')[0],
    userPoolId: pool.id,
    userName: call.userName,
    // Admin operations without an app client send CLIENT_ID_NOT_APPLICABLE.
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.clientId ?? ctx.noted?.client ?? 'CLIENT_ID_NOT_APPLICABLE' },
    request,
    response: call.response ?? {},
  };
  const runsIn = app.functions.whereRuns(arn);
  const started = performance.now();
  const facts = { pool: pool.id, trigger, source: call.source, function: functionName(arn), runsIn };
  const noteRun = (ms: number, outcome: TriggerRun['outcome']) => ctx.triggerRuns?.push({ trigger, source: call.source, ms, outcome });
  let payload: string;
  try {
    payload = await app.functions.invoke(arn, event, app.config.triggerTimeoutMs);
  } catch (error) {
    const ms = elapsed(started);
    const failure = error instanceof FunctionFailure ? error : new FunctionFailure('crashed', String(error));
    noteRun(ms, failure.kind);
    app.log.warn({ ...facts, ms, outcome: failure.kind, reason: failure.message }, 'trigger failed');
    throw refusal(trigger, failure);
  }
  const ms = elapsed(started);
  let answered: unknown;
  try {
    answered = JSON.parse(payload);
  } catch {
    answered = undefined;
  }
  if (typeof answered !== 'object' || answered === null || Array.isArray(answered)) {
    noteRun(ms, 'invalid');
    app.log.warn({ ...facts, ms, outcome: 'invalid' }, 'trigger answered something other than the event');
    throw errors.lambdaInvalidJson(`${trigger} answered ${payload.slice(0, 40)} rather than the event`);
  }
  noteRun(ms, 'ok');
  app.log.info({ ...facts, ms, outcome: 'ok' }, 'trigger ran');
  const response = (answered as { response?: unknown }).response;
  if (response === undefined || response === null) return {};
  if (typeof response !== 'object' || Array.isArray(response)) throw errors.lambdaUnrecognizable(`${trigger}'s response is not an object`);
  return response as TriggerResponse;
}

function refusal(trigger: TriggerName, failure: FunctionFailure) {
  switch (failure.kind) {
    case 'timeout':
      return errors.lambdaTimedOut(trigger, failure.message);
    case 'unreachable':
      return errors.lambdaUnreachable(trigger, failure.errorType ?? 'ResourceNotFoundException', failure.message);
    default:
      return errors.lambdaFailed(trigger, failure.message);
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

/** A member of a trigger's response that must be a boolean when given (Unrecognizable lambda output otherwise). */
export function responseFlag(response: TriggerResponse | undefined, member: string): boolean {
  const value = response?.[member];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw errors.lambdaUnrecognizable(`${member} must be a boolean`);
  return value;
}

/** A member of a trigger's response that must be a string when given. */
export function responseString(response: TriggerResponse | undefined, member: string): string | undefined {
  const value = response?.[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw errors.lambdaUnrecognizable(`${member} must be a string`);
  return value;
}

/** A member of a trigger's response that must be a map of strings when given. */
export function responseStringMap(response: TriggerResponse | undefined, member: string): Record<string, string> | undefined {
  const value = response?.[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw errors.lambdaUnrecognizable(`${member} must map names to strings`);
  }
  return value as Record<string, string>;
}
