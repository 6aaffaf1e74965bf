// What every operation can reach (configuration, the store, the clock, the log, the key ring and the
// server secret), and what each one declares: its wire name, from which its input and output types
// follow, its quota category and its auth-event kind.
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { QuotaCategory } from './protocol/quotas.js';
import type { AuthFlowType, ChallengeNameType, OperationName, OperationShapes } from './protocol/shapes.generated.js';
import type { ServerSecret } from './secrets.js';
import type { AuthEventKind, TriggerRun } from './store/records.js';
import type { Store } from './store/store.js';
import type { KeyRing } from './tokens/keys.js';
import type { Functions } from './triggers/functions.js';

export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly keys: KeyRing;
  readonly serverSecret: ServerSecret;
  /** Where the functions of pools' LambdaConfig run (local modules or the Lambda Invoke API). */
  readonly functions: Functions;
  /** `<public base URL>/<poolId>`: the `iss` of the pool's tokens. */
  issuer(poolId: string): string;
}

/**
 * What a request concerns, as the operation finds it out: the fields of its log line and the subject
 * of its auth event. Identifiers only, never secrets.
 */
export interface RequestSubject {
  /** The pool's id. */
  pool?: string;
  /** The app client's id. */
  client?: string;
  /** The username; for a sign-in simulated for nobody, the name it was asked for by. */
  user?: string;
  /** The sign-in's AuthFlow, kept across its steps. */
  flow?: AuthFlowType;
  /** The challenge a RespondToAuthChallenge answers. */
  challenge?: ChallengeNameType;
}

export interface RequestContext {
  readonly app: App;
  readonly requestId: string;
  readonly operation: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The region the request was made in (its endpoint path or SigV4 credential scope), when it names one. */
  readonly region?: string;
  /** What the request concerns so far. */
  readonly noted: Readonly<RequestSubject>;
  /** Notes what the request turned out to concern, as soon as it is found (a refusal after it is logged with it). */
  note(found: RequestSubject): void;
  /** The request's ClientMetadata, passed on to every function it runs, as Cognito passes it. */
  readonly clientMetadata?: Record<string, string>;
  /** The triggers the request ran, gathered for its auth event (which, how each ended, how long it took). */
  readonly triggerRuns: TriggerRun[];
}

/**
 * What work done on behalf of a request takes from it beside the app: its ClientMetadata and list of
 * the triggers it ran (src/triggers/run.ts), what it concerns, its region (the issuer of the tokens it
 * mints). Work for no API request or page (the OAuth 2.0 token endpoint) has the app alone.
 */
export type RequestScope = Pick<RequestContext, 'app'> & Partial<Pick<RequestContext, 'clientMetadata' | 'triggerRuns' | 'noted' | 'region'>>;

/** A context for one request, noting nothing yet. */
export function newRequestContext(
  app: App,
  request: Pick<RequestContext, 'requestId' | 'operation' | 'sourceIp' | 'userAgent' | 'region'>,
): RequestContext {
  const noted: RequestSubject = {};
  return {
    app,
    ...request,
    noted,
    triggerRuns: [],
    // A fact left undefined does not erase one noted before.
    note: (found) => Object.assign(noted, Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined))),
  };
}

/** What an operation takes, as validated against the model before its handler runs. */
export type OperationInput<N extends OperationName> = OperationShapes[N]['input'];
/** What an operation answers, as the model describes it. */
export type OperationOutput<N extends OperationName> = OperationShapes[N]['output'];

/** What an operation declares beside its handler. */
export interface OperationContract<N extends OperationName> {
  /** The wire name: the file's name and the key of the registry. */
  readonly name: N;
  /** Cognito's request-rate category of the operation (src/protocol/quotas.ts). */
  readonly quota: QuotaCategory;
  /** The kind of auth event each request records; left out by operations that are not attempts (reads, admin changes). */
  readonly authEvent?: AuthEventKind;
}

export interface Operation<N extends OperationName> extends OperationContract<N> {
  readonly handler: (input: OperationInput<N>, ctx: RequestContext) => Promise<OperationOutput<N>>;
}

/** One Cognito operation: its wire name, quota category and auth-event kind, and what it does. */
export function defineOperation<N extends OperationName>(
  contract: OperationContract<N>,
  handler: (input: OperationInput<N>, ctx: RequestContext) => Promise<OperationOutput<N>>,
): Operation<N> {
  return { ...contract, handler };
}
