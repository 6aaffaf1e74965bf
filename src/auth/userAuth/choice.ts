// Choosing the first factor: PREFERRED_CHALLENGE when the user can answer it, else SELECT_CHALLENGE
// with AvailableChallenges, answered by naming one of them.
import { errors } from '../../protocol/errors.js';
import { requireParameter } from '../signIn.js';
import type { AuthRequest, AuthStep, StepRequest } from '../types.js';
import { availableChallenges, firstFactors, isFirstFactor, type FirstFactorName } from './factors.js';
import { answeringCandidate, retryable, startStep, type Candidate } from './steps.js';

/** The factor the client prefers, started; or the choice of those the candidate can answer. */
export async function startFirstFactor(
  request: AuthRequest,
  candidate: Candidate,
  parameters: Record<string, string>,
  preferred: FirstFactorName | undefined,
): Promise<AuthStep> {
  const available = await availableChallenges(request, candidate);
  if (preferred !== undefined && available.includes(preferred)) {
    const step = await firstFactors[preferred].start(request, candidate, parameters);
    // A direct challenge lists the one chosen, as Cognito's answer to a preferred EMAIL_OTP does.
    return step.ChallengeName ? { ...step, AvailableChallenges: [preferred] } : step;
  }
  if (available.length === 0) throw errors.noFirstFactor(`${candidate.user ? 'the user' : 'an unknown user'} has none of the pool's first factors`);
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    Session: await startStep(request, candidate, 'SELECT_CHALLENGE', { available }),
    ChallengeParameters: {},
    AvailableChallenges: available,
  };
}

/**
 * RespondToAuthChallenge SELECT_CHALLENGE: ANSWER names one of the AvailableChallenges, started with
 * the other responses (PASSWORD or SRP_A prove a password factor at once). A CREDENTIAL sent here is
 * not used: no request options were issued yet, so the WEB_AUTHN challenge follows.
 */
export async function answerChoice(request: StepRequest<'SELECT_CHALLENGE'>): Promise<AuthStep> {
  const { candidate, choice } = await retryable(request, async () => {
    const candidate = await answeringCandidate(request);
    const choice = requireParameter(request.responses, 'ANSWER');
    if (!isFirstFactor(choice) || !request.session.data.available.includes(choice)) {
      throw errors.answerNotAvailable();
    }
    return { candidate, choice };
  });
  return firstFactors[choice].start(request, candidate, request.responses);
}
