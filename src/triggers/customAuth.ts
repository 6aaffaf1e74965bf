// The three functions of a CUSTOM_AUTH sign-in (src/auth/flows/customAuth.ts): DefineAuthChallenge
// decides the next step from the challenges answered so far, CreateAuthChallenge makes a
// CUSTOM_CHALLENGE, VerifyAuthChallengeResponse judges its answer.
import type { RequestScope } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { ChallengeResult, PoolRecord, UserRecord } from '../store/records.js';
import { eventAttributes, responseFlag, responseString, responseStringMap, runTrigger, type TriggerResponse } from './run.js';

export interface NextStep {
  challengeName?: string;
  issueTokens: boolean;
  failAuthentication: boolean;
}

export interface CreatedChallenge {
  publicParameters: Record<string, string>;
  privateParameters: Record<string, string>;
  metadata?: string;
}

/** A function every CUSTOM_AUTH step needs, or Cognito's error for a pool without it. */
function required(response: TriggerResponse | undefined): TriggerResponse {
  if (!response) throw errors.customAuthNotConfigured();
  return response;
}

const session = (history: ChallengeResult[]) =>
  history.map((entry) => ({ challengeName: entry.challengeName, challengeResult: entry.challengeResult, challengeMetadata: entry.challengeMetadata ?? null }));

export async function defineAuthChallenge(ctx: RequestScope, pool: PoolRecord, user: UserRecord, history: ChallengeResult[]): Promise<NextStep> {
  const response = required(
    await runTrigger(ctx, pool, 'DefineAuthChallenge', {
      source: 'DefineAuthChallenge_Authentication',
      userName: user.username,
      request: { userAttributes: eventAttributes(user), session: session(history), userNotFound: false },
      response: { challengeName: null, issueTokens: null, failAuthentication: null },
    }),
  );
  return {
    challengeName: responseString(response, 'challengeName'),
    issueTokens: responseFlag(response, 'issueTokens'),
    failAuthentication: responseFlag(response, 'failAuthentication'),
  };
}

export async function createAuthChallenge(ctx: RequestScope, pool: PoolRecord, user: UserRecord, history: ChallengeResult[]): Promise<CreatedChallenge> {
  const response = required(
    await runTrigger(ctx, pool, 'CreateAuthChallenge', {
      source: 'CreateAuthChallenge_Authentication',
      userName: user.username,
      request: { userAttributes: eventAttributes(user), challengeName: 'CUSTOM_CHALLENGE', session: session(history), userNotFound: false },
      response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
    }),
  );
  return {
    publicParameters: responseStringMap(response, 'publicChallengeParameters') ?? {},
    privateParameters: responseStringMap(response, 'privateChallengeParameters') ?? {},
    metadata: responseString(response, 'challengeMetadata'),
  };
}

export async function verifyAuthChallengeResponse(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  privateParameters: Record<string, string>,
  answer: string,
): Promise<boolean> {
  const response = required(
    await runTrigger(ctx, pool, 'VerifyAuthChallengeResponse', {
      source: 'VerifyAuthChallengeResponse_Authentication',
      userName: user.username,
      request: { userAttributes: eventAttributes(user), privateChallengeParameters: privateParameters, challengeAnswer: answer, userNotFound: false },
      response: { answerCorrect: null },
    }),
  );
  return responseFlag(response, 'answerCorrect');
}
