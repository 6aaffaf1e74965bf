// GetUserAuthFactors / AdminGetUserAuthFactors: the sign-in factors a user can use now, with their
// MFA settings. PASSWORD with a password; WEB_AUTHN with a passkey; EMAIL_OTP and SMS_OTP when the
// pool allows them as first factors and the user has an email address or phone number.
import type { AuthFactorType } from '../protocol/shapes.generated.js';
import type { App } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { describeUserDetails } from './accounts.js';

export interface UserAuthFactors {
  Username: string;
  ConfiguredUserAuthFactors: AuthFactorType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

export async function userAuthFactors(app: App, pool: PoolRecord, user: UserRecord): Promise<UserAuthFactors> {
  const allowed = pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  const factors: AuthFactorType[] = [];
  if (user.password) factors.push('PASSWORD');
  if (allowed.includes('EMAIL_OTP') && user.attributes.email) factors.push('EMAIL_OTP');
  if (allowed.includes('SMS_OTP') && user.attributes.phone_number) factors.push('SMS_OTP');
  if ((await app.store.passkeys.countForUser(pool.id, user.username)) > 0) factors.push('WEB_AUTHN');
  const { Username, PreferredMfaSetting, UserMFASettingList } = describeUserDetails(user);
  return { Username, ConfiguredUserAuthFactors: factors, PreferredMfaSetting, UserMFASettingList };
}
