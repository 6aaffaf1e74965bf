// SetUserMFAPreference and AdminSetUserMFAPreference: which MFA types a user has turned on, and which
// one they prefer (API reference): each settings member given turns its type on or off and may make
// it preferred; members left out change nothing. Only one type can be preferred, a type must be on to
// be preferred, and turning the preferred type off (or unpreferring it) leaves no preference. SMS needs a phone number,
// email an email address, TOTP a verified authenticator. Passkey MFA has no preference: it makes the
// user's passkey sign-ins require user verification, where the pool counts those as MFA.
import type { AdminSetUserMFAPreferenceRequest } from '../protocol/shapes.generated.js';
import type { App } from '../app.js';
import { passkeysCountAsMfa } from '../pools/mfa.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { saveUser } from '../users/accounts.js';
import type { MfaType } from './challenges.js';
import { verifiedSoftwareToken } from './softwareTokens.js';

export type MfaPreferenceInput = Omit<AdminSetUserMFAPreferenceRequest, 'UserPoolId' | 'Username'>;

export async function setMfaPreference(app: App, pool: PoolRecord, user: UserRecord, input: MfaPreferenceInput): Promise<void> {
  const settings: [MfaType, { Enabled?: boolean; PreferredMfa?: boolean } | undefined][] = [
    ['SMS_MFA', input.SMSMfaSettings],
    ['SOFTWARE_TOKEN_MFA', input.SoftwareTokenMfaSettings],
    ['EMAIL_OTP', input.EmailMfaSettings],
  ];
  if (settings.filter(([, s]) => s?.PreferredMfa === true).length > 1) throw errors.onePreferredMfa();
  const enabled = new Set(user.preferences.enabledMfas ?? []);
  let preferred = user.preferences.preferredMfa;
  for (const [type, s] of settings) {
    if (s?.Enabled === true) {
      await requireReceiver(app, user, type);
      enabled.add(type);
    } else if (s?.Enabled === false) {
      enabled.delete(type);
    }
    if (s?.PreferredMfa === true) {
      if (!enabled.has(type)) throw errors.preferredMfaNotEnabled();
      preferred = type;
    } else if (s?.PreferredMfa === false && preferred === type) {
      preferred = undefined;
    }
  }
  if (preferred !== undefined && !enabled.has(preferred)) preferred = undefined;
  let webAuthnMfa = user.preferences.webAuthnMfa;
  if (input.WebAuthnMfaSettings?.Enabled !== undefined) webAuthnMfa = input.WebAuthnMfaSettings.Enabled || undefined;
  if (webAuthnMfa && input.WebAuthnMfaSettings?.Enabled) {
    if (!passkeysCountAsMfa(pool)) throw errors.webAuthnMfaNeedsMultiFactor();
    if (enabled.size === 0) throw errors.webAuthnMfaNeedsAnotherFactor();
  }
  await saveUser(app, pool, {
    ...user,
    preferences: { ...user.preferences, enabledMfas: enabled.size ? [...enabled] : undefined, preferredMfa: preferred, webAuthnMfa },
    updatedAt: app.clock.now(),
  });
}

/** What a type needs before it can be turned on. */
async function requireReceiver(app: App, user: UserRecord, type: MfaType): Promise<void> {
  if (type === 'SMS_MFA' && !user.attributes.phone_number) throw errors.smsMfaWithoutPhone();
  if (type === 'EMAIL_OTP' && !user.attributes.email) throw errors.emailMfaWithoutEmail();
  if (type === 'SOFTWARE_TOKEN_MFA' && !(await verifiedSoftwareToken(app, user))) throw errors.softwareTokenNotVerified();
}
