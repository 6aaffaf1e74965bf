// The legacy MFA settings (SetUserSettings, AdminSetUserSettings): MFAOptions turn SMS MFA on or off,
// and nothing else. They are the same setting as SetUserMFAPreference's SMS MFA: GetUser and AdminGetUser
// show it in MFAOptions, UserMFASettingList and PreferredMfaSetting alike.
import type { MFAOptionType } from '../protocol/shapes.generated.js';
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { saveUser } from './accounts.js';

export const SMS_MFA = 'SMS_MFA';

/** MFAOptions as Cognito shows them: SMS to phone_number while SMS MFA is on. */
export const mfaOptionsOf = (user: UserRecord): MFAOptionType[] | undefined =>
  user.preferences.enabledMfas?.includes(SMS_MFA) ? [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] : undefined;

/**
 * A list with SMS to phone_number turns SMS MFA on (and preferred, unless another factor is); an empty
 * list turns it off. Any other option is refused, changing nothing.
 */
export async function setMfaOptions(app: App, pool: PoolRecord, user: UserRecord, options: MFAOptionType[]): Promise<void> {
  if (options.some((option) => option.DeliveryMedium !== 'SMS' || option.AttributeName !== 'phone_number')) {
    throw errors.mfaOptionUnsupported();
  }
  const on = options.length > 0;
  if (on && !user.attributes.phone_number) throw errors.smsMfaWithoutPhone();
  const others = (user.preferences.enabledMfas ?? []).filter((factor) => factor !== SMS_MFA);
  const enabledMfas = on ? [...others, SMS_MFA] : others;
  const { preferredMfa } = user.preferences;
  await saveUser(app, pool, {
    ...user,
    preferences: {
      ...user.preferences,
      enabledMfas: enabledMfas.length ? enabledMfas : undefined,
      preferredMfa: on ? (preferredMfa ?? SMS_MFA) : preferredMfa === SMS_MFA ? undefined : preferredMfa,
    },
    updatedAt: app.clock.now(),
  });
}
