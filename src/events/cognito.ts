// Auth events in Cognito's own shape (AuthEventType), for AdminListUserAuthEvents.
import type { AuthEventType, ChallengeResponseType } from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { AuthEventRecord, PoolRecord } from '../store/records.js';

/** Threat protection is on in audit or enforced mode. */
export function threatProtectionOn(pool: PoolRecord): boolean {
  const mode = pool.settings.UserPoolAddOns?.AdvancedSecurityMode;
  return mode === 'AUDIT' || mode === 'ENFORCED';
}

/** The operations of threat protection (auth events, risk configurations, feedback) answer only where it is on. */
export function requireThreatProtection(pool: PoolRecord): void {
  if (!threatProtectionOn(pool)) {
    throw errors.addOnNotEnabled(`pool ${pool.id} has UserPoolAddOns.AdvancedSecurityMode ${pool.settings.UserPoolAddOns?.AdvancedSecurityMode ?? 'unset'}`);
  }
}

const PASSWORD_FLOWS = new Set(['USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);
const PASSWORD_CHALLENGES = new Set(['PASSWORD', 'PASSWORD_SRP', 'PASSWORD_VERIFIER', 'NEW_PASSWORD_REQUIRED']);
const MFA_CHALLENGES = new Set(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP', 'MFA_SETUP']);

/**
 * The challenge the event answered, in the two names Cognito reports (Password, Mfa): a password
 * sent with the flow itself, or in answer to a password or MFA challenge. Passkey and other
 * answers have no name in Cognito's list and are left out.
 */
export function challengeResponses(event: AuthEventRecord): ChallengeResponseType[] {
  if (event.eventType !== 'SignIn') return [];
  const answered = event.challenge
    ? PASSWORD_CHALLENGES.has(event.challenge)
      ? 'Password'
      : MFA_CHALLENGES.has(event.challenge)
        ? 'Mfa'
        : undefined
    : event.flow && PASSWORD_FLOWS.has(event.flow)
      ? 'Password'
      : undefined;
  if (!answered) return [];
  return [{ ChallengeName: answered, ChallengeResponse: event.outcome === 'Fail' ? 'Failure' : 'Success' }];
}

/** The event as AdminListUserAuthEvents answers it; an event threat protection did not assess is NoRisk. */
export function toAuthEventType(event: AuthEventRecord): AuthEventType {
  const risk = event.risk ?? { decision: 'NoRisk', compromised: false };
  return {
    EventId: event.id,
    EventType: event.eventType as AuthEventType['EventType'],
    CreationDate: new Date(event.createdAt),
    EventResponse: event.outcome,
    EventRisk: {
      RiskDecision: risk.decision,
      ...(risk.level ? { RiskLevel: risk.level } : {}),
      CompromisedCredentialsDetected: risk.compromised,
    },
    ChallengeResponses: challengeResponses(event),
    EventContextData: {
      IpAddress: event.sourceIp,
      ...(event.userAgent ? { DeviceName: event.userAgent } : {}),
    },
    ...(event.feedback
      ? { EventFeedback: { FeedbackValue: event.feedback.value, Provider: event.feedback.provider, FeedbackDate: new Date(event.feedback.at) } }
      : {}),
  };
}
