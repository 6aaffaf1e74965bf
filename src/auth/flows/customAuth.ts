// CUSTOM_AUTH (InitiateAuth, AdminInitiateAuth): the pool's functions run the sign-in
// (src/triggers/customAuth.ts). DefineAuthChallenge decides each next step from the steps so far:
// a CUSTOM_CHALLENGE that CreateAuthChallenge makes and VerifyAuthChallengeResponse judges, SRP's
// PASSWORD_VERIFIER where the client began with SRP_A, the tokens, or failure. A sign-in its
// functions let through has no MFA step of keypool's: the functions are its factors.
import type { ChallengeResult, UserRecord } from '../../store/records.js';
import { errors } from '../../protocol/errors.js';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallengeResponse } from '../../triggers/customAuth.js';
import { findUserBySignInName } from '../../users/attributes.js';
import { finishSignIn } from '../finish.js';
import { verifySecretHash } from '../secretHash.js';
import { startSession, userOfSession } from '../sessions.js';
import { refuseAfterPasswordProven, requireParameter, signInUser } from '../signIn.js';
import { PASSWORD_VERIFIER, startPasswordVerifier } from '../srp.js';
import type { AuthRequest, AuthStep, Flow, FlowRequest, StepRequest } from '../types.js';

async function start(request: FlowRequest): Promise<AuthStep> {
  const { ctx, client, parameters } = request;
  const name = requireParameter(parameters, 'USERNAME');
  const user = await signInUser(request, name);
  verifySecretHash(client, parameters.SECRET_HASH, [name, user?.username ?? name]);
  if (!user) throw errors.incorrectCredentials('no such user');
  // Beginning with SRP_A, the first step is taken: DefineAuthChallenge then asks for the password.
  const srpA = parameters.SRP_A;
  const history: ChallengeResult[] = srpA ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
  ctx.note({ user: user.username });
  return nextStep(request, user, history, srpA);
}

/** Asks DefineAuthChallenge what follows `history`, and takes that step. */
export async function nextStep(request: AuthRequest, user: UserRecord, history: ChallengeResult[], srpA?: string): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  const next = await defineAuthChallenge(ctx, pool, user, history);
  if (next.failAuthentication) throw errors.incorrectCredentials('DefineAuthChallenge failed the authentication');
  if (next.issueTokens) {
    refuseAfterPasswordProven(ctx.app, pool, user);
    return finishSignIn(request, user, { mfaDone: true });
  }
  if (next.challengeName === PASSWORD_VERIFIER && srpA) return startPasswordVerifier(request, user.username, user, srpA, true, history);
  if (next.challengeName !== 'CUSTOM_CHALLENGE') {
    throw errors.lambdaUnrecognizable(`DefineAuthChallenge chose ${next.challengeName ?? 'no challenge'}${next.challengeName === PASSWORD_VERIFIER ? ' without SRP_A' : ''}`);
  }
  const created = await createAuthChallenge(ctx, pool, user, history);
  const session = await startSession(ctx.app, client, user.username, {
    challengeName: 'CUSTOM_CHALLENGE',
    data: { flow: request.flow, history, privateParameters: created.privateParameters, metadata: created.metadata },
  });
  return { ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeParameters: { ...created.publicParameters, USERNAME: user.username } };
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges ANSWER, then DefineAuthChallenge decides again. */
export async function answerCustomChallenge(request: StepRequest<'CUSTOM_CHALLENGE'>): Promise<AuthStep> {
  const { ctx, pool, client, responses, session } = request;
  const given = requireParameter(responses, 'USERNAME');
  const answer = requireParameter(responses, 'ANSWER');
  verifySecretHash(client, responses.SECRET_HASH, [given, session.username]);
  if (given !== session.username && (await findUserBySignInName(ctx.app.store, pool, given))?.username !== session.username) {
    throw errors.sessionUserMismatch('USERNAME names another user than the Session');
  }
  const user = await userOfSession(ctx.app, session);
  const { history, privateParameters, metadata } = session.data;
  const correct = await verifyAuthChallengeResponse(ctx, pool, user, privateParameters, answer);
  return nextStep(request, user, [...history, { challengeName: 'CUSTOM_CHALLENGE', challengeResult: correct, ...(metadata === undefined ? {} : { challengeMetadata: metadata }) }]);
}

export const customAuthFlow: Flow = { clientFlow: 'ALLOW_CUSTOM_AUTH', start };
