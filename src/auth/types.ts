// The shapes every sign-in flow and challenge shares. A flow starts a sign-in (InitiateAuth,
// AdminInitiateAuth); a challenge answers one step of it (RespondToAuthChallenge,
// AdminRespondToAuthChallenge). Each flow lives in its own file under flows/, registered in its
// index.ts; challenges are registered in challenges/index.ts, their answers beside their flows.
import type { AuthFlowType, InitiateAuthResponse } from '../protocol/shapes.generated.js';
import type { RequestContext } from '../app.js';
import type { AuthSessionRecord, ClientRecord, PoolRecord, SessionChallenge, UserRecord } from '../store/records.js';

/**
 * What InitiateAuth and RespondToAuthChallenge answer. Only InitiateAuth/AdminInitiateAuth carry
 * AvailableChallenges (USER_AUTH without a usable preference).
 */
export type AuthStep = InitiateAuthResponse;

export interface AuthRequest {
  ctx: RequestContext;
  pool: PoolRecord;
  client: ClientRecord;
  /** AdminInitiateAuth / AdminRespondToAuthChallenge (SigV4) rather than the public operation. */
  admin: boolean;
  /** The flow that started the sign-in, where known: the sessions of its later steps keep it. */
  flow?: AuthFlowType;
  clientMetadata?: Record<string, string>;
  /**
   * Managed login: what becomes of a sign-in once every step is done, in place of the API's tokens
   * (an authorization code, made by the page that signed the user in).
   */
  signedIn?: (user: UserRecord) => Promise<void>;
}

export interface FlowRequest extends AuthRequest {
  flow: AuthFlowType;
  parameters: Record<string, string>;
  /** InitiateAuth's optional Session (USER_AUTH after ConfirmSignUp). */
  session?: string;
}

export interface Flow {
  /** The ExplicitAuthFlows value the client must allow (ALLOW_USER_PASSWORD_AUTH, ...). */
  readonly clientFlow: string | undefined;
  /** Only on AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH) or only on InitiateAuth; undefined for both. */
  readonly only?: 'admin' | 'public';
  start(request: FlowRequest): Promise<AuthStep>;
}

export interface ChallengeRequest extends AuthRequest {
  challengeName: string;
  responses: Record<string, string>;
  /** The Session string as the client sent it. */
  sessionToken?: string;
}

/** An answer to a step started by an earlier one, with that step's session, consumed and of its kind. */
export interface StepRequest<C extends SessionChallenge> extends ChallengeRequest {
  session: AuthSessionRecord<C>;
}

export interface Challenge {
  answer(request: ChallengeRequest): Promise<AuthStep>;
}
