// Every challenge keypool can be answered with, keyed by ChallengeName. Each answer lives with its
// flow (../srp.ts, ../userAuth/) or its feature (MFA, devices); NEW_PASSWORD_REQUIRED, which has no
// flow of its own, in its own file.
import { answerDevicePasswordVerifier, answerDeviceSrpAuth, followingSessionId } from '../../devices/deviceSrp.js';
import { mfaAnswers } from '../../mfa/challenges.js';
import { answerPasswordVerifier } from '../srp.js';
import type { SessionChallenge } from '../../store/records.js';
import { consumeSession, noteSession } from '../sessions.js';
import { requireParameter } from '../signIn.js';
import type { AuthStep, Challenge, ChallengeRequest, StepRequest } from '../types.js';
import { answerChoice } from '../userAuth/choice.js';
import { answerEmailOtp, answerSmsOtp } from '../userAuth/otp.js';
import { provePassword, proveSrp } from '../userAuth/password.js';
import { answeringCandidate, retryable } from '../userAuth/steps.js';
import { answerWebAuthn } from '../userAuth/webAuthn.js';
import { newPasswordRequiredChallenge } from './newPasswordRequired.js';
import { answerCustomChallenge } from '../flows/customAuth.js';

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

/** The kind of step the request's Session was started for, read without spending it. */
async function sessionKind(request: ChallengeRequest): Promise<string | undefined> {
  return request.sessionToken ? (await request.ctx.app.store.sessions.get(request.sessionToken))?.challengeName : undefined;
}

const emailOtpFirstFactor = answersStep('EMAIL_OTP', answerEmailOtp);
const emailOtpMfa = answersStep('MFA', mfaAnswers.EMAIL_OTP);

/** EMAIL_OTP names two steps: a USER_AUTH first factor, and email MFA; the Session tells which. */
const emailOtp: Challenge = {
  answer: async (request) => ((await sessionKind(request)) === 'MFA' ? emailOtpMfa : emailOtpFirstFactor).answer(request),
};

const deviceSrpAuthStep = answersStep('DEVICE_SRP_AUTH', answerDeviceSrpAuth);

/** DEVICE_SRP_AUTH, answered with its own Session or with the MFA step's it followed (followingSessionId). */
const deviceSrpAuth: Challenge = {
  answer: async (request) =>
    deviceSrpAuthStep.answer((await sessionKind(request)) === 'MFA' ? { ...request, sessionToken: followingSessionId(request.sessionToken!) } : request),
};

export const challenges: Readonly<Record<string, Challenge>> = {
  // The client's SRP password claim. Its state travels in SECRET_BLOCK rather than a Session, since
  // USER_SRP_AUTH clients (pycognito, warrant) never send one back.
  PASSWORD_VERIFIER: { answer: answerPasswordVerifier },
  NEW_PASSWORD_REQUIRED: newPasswordRequiredChallenge,
  // USER_AUTH: the first factor the client chose, then the factor's own answer.
  SELECT_CHALLENGE: answersStep('SELECT_CHALLENGE', answerChoice),
  WEB_AUTHN: answersStep('WEB_AUTHN', answerWebAuthn),
  EMAIL_OTP: emailOtp,
  SMS_OTP: answersStep('SMS_OTP', answerSmsOtp),
  PASSWORD: answersStep('PASSWORD', answerWithProof('PASSWORD', provePassword)),
  PASSWORD_SRP: answersStep('PASSWORD_SRP', answerWithProof('SRP_A', proveSrp)),
  // The second factor (src/mfa/challenges.ts), then the device (src/devices/deviceSrp.ts).
  SMS_MFA: answersStep('MFA', mfaAnswers.SMS_MFA),
  SOFTWARE_TOKEN_MFA: answersStep('MFA', mfaAnswers.SOFTWARE_TOKEN_MFA),
  SELECT_MFA_TYPE: answersStep('MFA', mfaAnswers.SELECT_MFA_TYPE),
  MFA_SETUP: answersStep('MFA', mfaAnswers.MFA_SETUP),
  DEVICE_SRP_AUTH: deviceSrpAuth,
  DEVICE_PASSWORD_VERIFIER: answersStep('DEVICE_PASSWORD_VERIFIER', answerDevicePasswordVerifier),
  // CUSTOM_AUTH: the pool's functions decide (../flows/customAuth.ts).
  CUSTOM_CHALLENGE: answersStep('CUSTOM_CHALLENGE', answerCustomChallenge),
};
