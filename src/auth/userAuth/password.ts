// PASSWORD and PASSWORD_SRP as USER_AUTH first factors: the password itself, or Cognito's SRP proof
// of it (which continues with the PASSWORD_VERIFIER challenge).
import { finishSignIn } from '../finish.js';
import { checkPassword, refuseUnknownUser } from '../signIn.js';
import { startPasswordVerifier } from '../srp.js';
import type { AuthRequest, AuthStep } from '../types.js';
import type { FirstFactor } from './factors.js';
import { startStep, type Candidate } from './steps.js';

const hasPassword = async (_request: AuthRequest, candidate: Candidate) => !candidate.user || candidate.user.password !== undefined;

/** Checks the password and finishes the sign-in. */
export async function provePassword(request: AuthRequest, candidate: Candidate, password: string): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  if (!candidate.user) refuseUnknownUser(client);
  const user = await checkPassword(ctx.app, pool, candidate.name, candidate.user, password);
  return finishSignIn(request, user, { password });
}

/** Answers SRP_A with the PASSWORD_VERIFIER challenge, with a Session as Cognito sends it inside USER_AUTH. */
export async function proveSrp(request: AuthRequest, candidate: Candidate, srpA: string): Promise<AuthStep> {
  if (!candidate.user) refuseUnknownUser(request.client);
  return startPasswordVerifier(request, candidate.name, candidate.user, srpA, true);
}

/** Without the proof, the client is asked for it in a challenge of the factor's own name. */
async function askFor(request: AuthRequest, candidate: Candidate, challengeName: 'PASSWORD' | 'PASSWORD_SRP'): Promise<AuthStep> {
  return { ChallengeName: challengeName, Session: await startStep(request, candidate, challengeName, {}), ChallengeParameters: {} };
}

export const passwordFactor: FirstFactor = {
  poolFactor: 'PASSWORD',
  usable: hasPassword,
  start: (request, candidate, parameters) =>
    parameters.PASSWORD ? provePassword(request, candidate, parameters.PASSWORD) : askFor(request, candidate, 'PASSWORD'),
};

export const passwordSrpFactor: FirstFactor = {
  poolFactor: 'PASSWORD',
  usable: hasPassword,
  start: (request, candidate, parameters) =>
    parameters.SRP_A ? proveSrp(request, candidate, parameters.SRP_A) : askFor(request, candidate, 'PASSWORD_SRP'),
};
