// Every challenge keypool can be answered with, keyed by ChallengeName. Each answer lives with its
// flow (../srp.ts, ../userAuth/); NEW_PASSWORD_REQUIRED, which has no flow of its own, in its own file.
import { answerPasswordVerifier } from '../srp.js';
import type { SessionChallenge } from '../../store/records.js';
import { consumeSession, noteSession } from '../sessions.js';
import { requireParameter } from '../signIn.js';
import type { AuthStep, Challenge, StepRequest } from '../types.js';
import { answerChoice } from '../userAuth/choice.js';
import { answerEmailOtp, answerSmsOtp } from '../userAuth/otp.js';
import { provePassword, proveSrp } from '../userAuth/password.js';
import { answeringCandidate, retryable } from '../userAuth/steps.js';
import { answerWebAuthn } from '../userAuth/webAuthn.js';
import { newPasswordRequiredChallenge } from './newPasswordRequired.js';

/**
 * The answer to a step an earlier one started: the Session it carries is consumed (once) and checked
 * against the client and the kind of step before `answer` runs.
 */
function answersStep<C extends SessionChallenge>(challengeName: C, answer: (request: StepRequest<C>) => Promise<AuthStep>): Challenge {
  return {
    answer: async (request) => {
      const session = await consumeSession(request.ctx.app, request.sessionToken, request.client, challengeName);
      noteSession(request, session);
      return answer({ ...request, session, flow: session.data.flow });
    },
  };
}

/**
 * PASSWORD and PASSWORD_SRP (USER_AUTH): the password, or SRP_A to start proving it, when the factor
 * was chosen without the proof.
 */
function answerWithProof(member: 'PASSWORD' | 'SRP_A', prove: typeof provePassword) {
  return async (request: StepRequest<'PASSWORD' | 'PASSWORD_SRP'>) => {
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
  PASSWORD_VERIFIER: { answer: answerPasswordVerifier },
  NEW_PASSWORD_REQUIRED: newPasswordRequiredChallenge,
  // USER_AUTH: the first factor the client chose, then the factor's own answer.
  SELECT_CHALLENGE: answersStep('SELECT_CHALLENGE', answerChoice),
  WEB_AUTHN: answersStep('WEB_AUTHN', answerWebAuthn),
  EMAIL_OTP: answersStep('EMAIL_OTP', answerEmailOtp),
  SMS_OTP: answersStep('SMS_OTP', answerSmsOtp),
  PASSWORD: answersStep('PASSWORD', answerWithProof('PASSWORD', provePassword)),
  PASSWORD_SRP: answersStep('PASSWORD_SRP', answerWithProof('SRP_A', proveSrp)),
};
