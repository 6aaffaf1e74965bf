// EMAIL_OTP and SMS_OTP as USER_AUTH first factors: a one-time code sent to the user's verified email
// or phone (here: the operator outbox), answered in the challenge of the same name.
import type { App } from '../../app.js';
import { errors } from '../../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../../store/records.js';
import { channelAttribute, deliverCode, guessCode, type Channel } from '../../users/messages.js';
import { admitCodeDelivery } from '../attempts.js';
import { simulatedDeliveryDetails } from '../unknownUsers.js';
import { finishSignIn } from '../finish.js';
import { sessionLifetimeMs } from '../sessions.js';
import { requireParameter } from '../signIn.js';
import type { AuthRequest, AuthStep, StepRequest } from '../types.js';
import type { FirstFactor } from './factors.js';
import { answeringCandidate, confirmed, retryable, startStep, type Candidate } from './steps.js';

/** Wrong codes a sign-in code survives; after them even the right one is refused, with the same answer (as Cognito's). */
const MAX_WRONG_CODES = 5;

interface OtpKind {
  challengeName: 'EMAIL_OTP' | 'SMS_OTP';
  channel: Channel;
  /** The ChallengeResponses member that carries the code. */
  codeResponse: string;
}

const EMAIL: OtpKind = { challengeName: 'EMAIL_OTP', channel: 'EMAIL', codeResponse: 'EMAIL_OTP_CODE' };
const SMS: OtpKind = { challengeName: 'SMS_OTP', channel: 'SMS', codeResponse: 'SMS_OTP_CODE' };

const purposeOf = (kind: OtpKind) => `SIGN_IN_${kind.challengeName}`;

/** A verified email or phone, on a confirmed user. */
function canReceive(kind: OtpKind, candidate: Candidate): boolean {
  const attribute = channelAttribute(kind.channel);
  return confirmed(candidate) && !!candidate.user!.attributes[attribute] && candidate.user!.attributes[`${attribute}_verified`] === 'true';
}

/** The pool's own sign-in message (EmailMfaConfiguration, SmsAuthenticationMessage), or keypool's default. */
export function signInText(pool: PoolRecord, channel: Channel): { subject?: string; message: string } {
  if (channel === 'SMS') return { message: pool.settings.SmsAuthenticationMessage ?? 'Your sign-in code is {####}.' };
  const email = pool.settings.EmailMfaConfiguration;
  return { subject: email?.Subject ?? 'Your sign-in code', message: email?.Message ?? 'Your sign-in code is {####}.' };
}

async function start(kind: OtpKind, request: AuthRequest, candidate: Candidate): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  // Counted for a name nobody holds too, so that the limit does not tell who exists.
  await admitCodeDelivery(ctx.app, pool.id, candidate.user?.username ?? candidate.name);
  let destination: string;
  if (candidate.user) {
    const details = await deliverCode(ctx, pool, candidate.user, purposeOf(kind), kind.channel, {
      source: 'Authentication',
      lifetimeMs: sessionLifetimeMs(client),
      text: signInText(pool, kind.channel),
    });
    destination = details.Destination!;
  } else {
    // Nobody to send to: a plausible masked address, the same for the same name, and no code at all.
    destination = simulatedDeliveryDetails(ctx.app, pool, candidate.name, kind.channel).Destination!;
  }
  return {
    ChallengeName: kind.challengeName,
    Session: await startStep(request, candidate, kind.challengeName, {}),
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: kind.channel, CODE_DELIVERY_DESTINATION: destination },
  };
}

/**
 * Redeems a sign-in code of `purpose` (a first factor, or SMS and email MFA): a wrong, spent or
 * expired code is "Invalid code or auth state for the user." (the onecgiar captures show that same
 * answer on the sixth wrong try), and so is any code while the user is locked out of codes: it is
 * then neither compared nor counted.
 */
export async function redeemSignInCode(app: App, user: UserRecord, purpose: string, code: string): Promise<void> {
  const result = await guessCode(app, user, purpose, code, { maxAttempts: MAX_WRONG_CODES, lockedOut: errors.otpMismatch });
  if (result.outcome === 'ok') return;
  const why = result.outcome === 'used' ? `wrong (${result.record.attempts} wrong so far)` : result.outcome;
  throw errors.otpMismatch(`${purpose} code ${why}`);
}

async function answer(kind: OtpKind, request: StepRequest<OtpKind['challengeName']>): Promise<AuthStep> {
  return retryable(request, async () => {
    const candidate = await answeringCandidate(request);
    const code = requireParameter(request.responses, kind.codeResponse);
    if (!candidate.user) throw errors.otpMismatch('a simulated sign-in (no such user) or the user is gone');
    await redeemSignInCode(request.ctx.app, candidate.user, purposeOf(kind), code);
    return finishSignIn(request, candidate.user);
  });
}

const factor = (kind: OtpKind): FirstFactor => ({
  poolFactor: kind.challengeName,
  // An unknown user is offered email codes, as a real user with an email would be; never SMS.
  usable: async (_request, candidate) => (candidate.user ? canReceive(kind, candidate) : kind === EMAIL),
  start: (request, candidate) => start(kind, request, candidate),
});

export const emailOtpFactor = factor(EMAIL);
export const smsOtpFactor = factor(SMS);
export const answerEmailOtp = (request: StepRequest<'EMAIL_OTP'>) => answer(EMAIL, request);
export const answerSmsOtp = (request: StepRequest<'SMS_OTP'>) => answer(SMS, request);
