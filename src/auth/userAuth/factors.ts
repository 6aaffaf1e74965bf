// The first factors of choice-based sign-in (USER_AUTH), keyed by the challenge name a client
// chooses them with: PREFERRED_CHALLENGE on InitiateAuth, ANSWER on SELECT_CHALLENGE.
import type { AuthFactorType } from '@aws-sdk/client-cognito-identity-provider';
import type { AuthRequest, AuthStep } from '../types.js';
import { emailOtpFactor, smsOtpFactor } from './otp.js';
import { passwordFactor, passwordSrpFactor } from './password.js';
import type { Candidate } from './steps.js';
import { webAuthnFactor } from './webAuthn.js';

export interface FirstFactor {
  /** The AllowedFirstAuthFactors value that lets a pool's users choose it. */
  readonly poolFactor: AuthFactorType;
  /** Whether the candidate has what it takes: a password, a verified email or phone, a passkey. */
  usable(request: AuthRequest, candidate: Candidate): Promise<boolean>;
  /**
   * Starts it with what the client sent along (AuthParameters, or SELECT_CHALLENGE's responses):
   * tokens when that already proves the factor (PASSWORD), else the factor's own challenge.
   */
  start(request: AuthRequest, candidate: Candidate, parameters: Record<string, string>): Promise<AuthStep>;
}

/** In the order AvailableChallenges lists them within one pool factor (PASSWORD_SRP before PASSWORD, as Cognito). */
export const firstFactors: Readonly<Record<string, FirstFactor>> = {
  PASSWORD_SRP: passwordSrpFactor,
  PASSWORD: passwordFactor,
  EMAIL_OTP: emailOtpFactor,
  SMS_OTP: smsOtpFactor,
  WEB_AUTHN: webAuthnFactor,
};

/** What the candidate may choose: the pool's AllowedFirstAuthFactors, in its order, narrowed to what they can answer. */
export async function availableChallenges(request: AuthRequest, candidate: Candidate): Promise<string[]> {
  const allowed = request.pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  const available: string[] = [];
  for (const poolFactor of allowed) {
    for (const [name, factor] of Object.entries(firstFactors)) {
      if (factor.poolFactor === poolFactor && (await factor.usable(request, candidate))) available.push(name);
    }
  }
  return available;
}
