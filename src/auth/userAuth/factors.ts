// The first factors of choice-based sign-in (USER_AUTH), keyed by the challenge name a client
// chooses them with: PREFERRED_CHALLENGE on InitiateAuth, ANSWER on SELECT_CHALLENGE.
import { mfaApplies } from '../../mfa/challenges.js';
import { passkeysCountAsMfa } from '../../pools/mfa.js';
import type { AuthFactorType, ChallengeNameType } from '../../protocol/shapes.generated.js';
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

/** The challenge names a client chooses a first factor with. */
export type FirstFactorName = Extract<ChallengeNameType, 'PASSWORD_SRP' | 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN'>;

/** In the order AvailableChallenges lists them within one pool factor (PASSWORD_SRP before PASSWORD, as Cognito). */
export const firstFactors: Readonly<Record<FirstFactorName, FirstFactor>> = {
  PASSWORD_SRP: passwordSrpFactor,
  PASSWORD: passwordFactor,
  EMAIL_OTP: emailOtpFactor,
  SMS_OTP: smsOtpFactor,
  WEB_AUTHN: webAuthnFactor,
};

export const isFirstFactor = (name: string): name is FirstFactorName => Object.hasOwn(firstFactors, name);

/**
 * Whether a first factor may be chosen where MFA applies to the user: passwords (MFA follows), and a
 * passkey where the pool counts one with user verification as MFA; not one-time codes, nor a passkey
 * alone (Amplify's documentation: "MFA and passwordless cannot be used together").
 */
function allowedWithMfa(request: AuthRequest, name: FirstFactorName): boolean {
  if (name === 'PASSWORD' || name === 'PASSWORD_SRP') return true;
  return name === 'WEB_AUTHN' && passkeysCountAsMfa(request.pool);
}

/** What the candidate may choose: the pool's AllowedFirstAuthFactors, in its order, narrowed to what they can answer. */
export async function availableChallenges(request: AuthRequest, candidate: Candidate): Promise<FirstFactorName[]> {
  const allowed = request.pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
  const withMfa = mfaApplies(request.pool, candidate.user);
  const available: FirstFactorName[] = [];
  for (const poolFactor of allowed) {
    for (const [name, factor] of Object.entries(firstFactors)) {
      if (!isFirstFactor(name) || factor.poolFactor !== poolFactor || (withMfa && !allowedWithMfa(request, name))) continue;
      if (await factor.usable(request, candidate)) available.push(name);
    }
  }
  return available;
}
