// Every challenge keypool can be answered with, keyed by ChallengeName. Each answer lives with its
// flow (../srp.ts, ../userAuth/); NEW_PASSWORD_REQUIRED, which has no flow of its own, in its own file.
import { answerPasswordVerifier } from '../srp.js';
import { requireParameter } from '../signIn.js';
import type { Challenge, ChallengeRequest } from '../types.js';
import { answerChoice } from '../userAuth/choice.js';
import { answerEmailOtp, answerSmsOtp } from '../userAuth/otp.js';
import { provePassword, proveSrp } from '../userAuth/password.js';
import { answeringCandidate, retryable } from '../userAuth/steps.js';
import { answerWebAuthn } from '../userAuth/webAuthn.js';
import { newPasswordRequiredChallenge } from './newPasswordRequired.js';

/**
 * PASSWORD and PASSWORD_SRP (USER_AUTH): the password, or SRP_A to start proving it, when the factor
 * was chosen without the proof.
 */
function answerWithProof(member: 'PASSWORD' | 'SRP_A', prove: typeof provePassword): Challenge['answer'] {
  return async (request: ChallengeRequest) => {
    const { candidate, proof } = await retryable(request, async () => ({
      candidate: await answeringCandidate(request),
      proof: requireParameter(request.responses, member),
    }));
    return prove(request, candidate, proof);
  };
}

export const challenges: Readonly<Record<string, Challenge>> = {
  // The client's SRP password claim. Its state travels in SECRET_BLOCK rather than a Session, since
  // USER_SRP_AUTH clients (pycognito, warrant) never send one back.
  PASSWORD_VERIFIER: { needsSession: false, answer: answerPasswordVerifier },
  NEW_PASSWORD_REQUIRED: newPasswordRequiredChallenge,
  // USER_AUTH: the first factor the client chose, then the factor's own answer.
  SELECT_CHALLENGE: { needsSession: true, answer: answerChoice },
  WEB_AUTHN: { needsSession: true, answer: answerWebAuthn },
  EMAIL_OTP: { needsSession: true, answer: answerEmailOtp },
  SMS_OTP: { needsSession: true, answer: answerSmsOtp },
  PASSWORD: { needsSession: true, answer: answerWithProof('PASSWORD', provePassword) },
  PASSWORD_SRP: { needsSession: true, answer: answerWithProof('SRP_A', proveSrp) },
};
