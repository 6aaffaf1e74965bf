// PASSWORD and PASSWORD_SRP (USER_AUTH): the password, or SRP_A to start proving it, when the
// factor was chosen without the proof.
import { requireParameter } from '../signIn.js';
import type { Challenge, ChallengeRequest } from '../types.js';
import { provePassword, proveSrp } from '../userAuth/password.js';
import { answeringCandidate, retryable } from '../userAuth/steps.js';

async function answerWith(request: ChallengeRequest, member: 'PASSWORD' | 'SRP_A') {
  return retryable(request, async () => ({
    candidate: await answeringCandidate(request),
    proof: requireParameter(request.responses, member),
  }));
}

export const passwordChallenge: Challenge = {
  needsSession: true,
  answer: async (request) => {
    const { candidate, proof } = await answerWith(request, 'PASSWORD');
    return provePassword(request, candidate, proof);
  },
};

export const passwordSrpChallenge: Challenge = {
  needsSession: true,
  answer: async (request) => {
    const { candidate, proof } = await answerWith(request, 'SRP_A');
    return proveSrp(request, candidate, proof);
  },
};
