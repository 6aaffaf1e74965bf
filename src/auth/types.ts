// The shapes every sign-in flow and challenge shares. A flow starts a sign-in (InitiateAuth,
// AdminInitiateAuth); a challenge answers one step of it (RespondToAuthChallenge,
// AdminRespondToAuthChallenge). Each flow lives in its own file under flows/, registered in its
// index.ts; challenges are registered in challenges/index.ts, their answers beside their flows.
import type { InitiateAuthResponse } from '../protocol/shapes.generated.js';
import type { RequestContext } from '../app.js';
import type { AuthSessionRecord, ClientRecord, PoolRecord } from '../store/records.js';

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
  clientMetadata?: Record<string, string>;
}

export interface FlowRequest extends AuthRequest {
  flow: string;
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
  /** The consumed session, for challenges that need one (see Challenge.needsSession). */
  session?: AuthSessionRecord;
  /** The Session string as the client sent it, for challenges that keep state elsewhere. */
  sessionToken?: string;
}

export interface Challenge {
  /**
   * True when the answer must come with a Session started by an earlier step: it is consumed (once)
   * and checked against the client and user before `answer` runs.
   */
  readonly needsSession: boolean;
  answer(request: ChallengeRequest): Promise<AuthStep>;
}
