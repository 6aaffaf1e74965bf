// Every challenge keypool can be answered with, keyed by ChallengeName.
import type { Challenge } from '../types.js';
import { newPasswordRequiredChallenge } from './newPasswordRequired.js';
import { passwordVerifierChallenge } from './passwordVerifier.js';
import { emailOtpChallenge, smsOtpChallenge } from './oneTimeCode.js';
import { passwordChallenge, passwordSrpChallenge } from './password.js';
import { selectChallenge } from './selectChallenge.js';
import { webAuthnChallenge } from './webAuthn.js';

export const challenges: Readonly<Record<string, Challenge>> = {
  PASSWORD_VERIFIER: passwordVerifierChallenge,
  NEW_PASSWORD_REQUIRED: newPasswordRequiredChallenge,
  SELECT_CHALLENGE: selectChallenge,
  WEB_AUTHN: webAuthnChallenge,
  EMAIL_OTP: emailOtpChallenge,
  SMS_OTP: smsOtpChallenge,
  PASSWORD: passwordChallenge,
  PASSWORD_SRP: passwordSrpChallenge,
};
