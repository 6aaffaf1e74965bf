// EMAIL_OTP and SMS_OTP (USER_AUTH): the one-time code sent for sign-in.
import type { Challenge } from '../types.js';
import { answerEmailOtp, answerSmsOtp } from '../userAuth/otp.js';

export const emailOtpChallenge: Challenge = { needsSession: true, answer: answerEmailOtp };
export const smsOtpChallenge: Challenge = { needsSession: true, answer: answerSmsOtp };
