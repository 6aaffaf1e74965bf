// Password recovery (ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword): where a reset code
// may go, by the pool's AccountRecoverySetting, and who may ask for one.
import type { RequestScope } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { CodeDeliveryDetailsType } from '../protocol/shapes.generated.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/records.js';
import { revealsUserExistence } from '../pools/lookup.js';
import { channelAttribute, deliverCode, type Channel } from './messages.js';
import { isEmail, isPhoneNumber } from './schema.js';

/** The purpose a password-reset code is kept under. */
export const FORGOT_PASSWORD_PURPOSE = 'FORGOT_PASSWORD';

/** A reset code lives one hour, as Cognito's does (developer guide, "Forgot password"). */
const RESET_CODE_LIFETIME_MS = 60 * 60 * 1000;

type Mechanism = 'verified_email' | 'verified_phone_number' | 'admin_only';

const CHANNEL_OF: Record<Exclude<Mechanism, 'admin_only'>, Channel> = { verified_email: 'EMAIL', verified_phone_number: 'SMS' };

/**
 * The pool's recovery mechanisms, highest priority first. Without AccountRecoverySetting Cognito's
 * legacy behaviour applies: SMS is preferred over email (API reference, CreateUserPool).
 */
function mechanisms(pool: PoolRecord): Mechanism[] {
  const configured = pool.settings.AccountRecoverySetting?.RecoveryMechanisms;
  if (!configured?.length) return ['verified_phone_number', 'verified_email'];
  return [...configured].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((option) => option.Name as Mechanism);
}

/** Only administrators reset passwords in this pool (RecoveryMechanisms admin_only). */
export const recoveryIsAdminOnly = (pool: PoolRecord): boolean => mechanisms(pool).includes('admin_only');

/**
 * The channel a reset code would most plausibly go by for a name nobody holds: the one the name is
 * (an email address, a phone number), else the first the pool verifies its users' contacts by, else
 * the pool's first.
 */
export function likelyRecoveryChannel(pool: PoolRecord, name: string): Channel {
  const channels = mechanisms(pool).flatMap((m) => (m === 'admin_only' ? [] : [CHANNEL_OF[m]]));
  const verified = pool.settings.AutoVerifiedAttributes ?? [];
  return (
    channels.find((channel) => (channel === 'EMAIL' ? isEmail(name) : isPhoneNumber(name))) ??
    channels.find((channel) => verified.includes(channelAttribute(channel))) ??
    channels[0] ??
    'EMAIL'
  );
}

/**
 * The channel a user's reset code goes by: the first mechanism, by priority, whose attribute the user
 * has verified. With AccountRecoverySetting configured, a channel the user has as an MFA factor does
 * not qualify (SMS with SMS MFA, email with email MFA), as the API reference says.
 */
export function recoveryChannel(pool: PoolRecord, user: UserRecord): Channel | undefined {
  const configured = (pool.settings.AccountRecoverySetting?.RecoveryMechanisms ?? []).length > 0;
  const mfas = user.preferences.enabledMfas ?? [];
  for (const mechanism of mechanisms(pool)) {
    if (mechanism === 'admin_only') continue;
    const channel = CHANNEL_OF[mechanism];
    const attribute = channelAttribute(channel);
    if (!user.attributes[attribute] || user.attributes[`${attribute}_verified`] !== 'true') continue;
    if (configured && mfas.includes(channel === 'SMS' ? 'SMS_MFA' : 'EMAIL_OTP')) continue;
    return channel;
  }
  return undefined;
}

/**
 * The user a self-service recovery request may act on. A disabled user is "User is disabled." where
 * the app client reveals whether users exist; where it hides that, they are answered as nobody.
 */
export function recoverableUser(client: ClientRecord, user: UserRecord | undefined): UserRecord | undefined {
  if (!user || user.enabled) return user;
  if (revealsUserExistence(client)) throw errors.userDisabled();
  return undefined;
}

/** Users who never chose a password of their own (invited, or not yet confirmed) cannot have it reset. */
export function refuseUnresettable(user: UserRecord): void {
  if (user.status === 'FORCE_CHANGE_PASSWORD') throw errors.passwordCannotBeReset(`status ${user.status}`);
}

/** Sends a reset code by `channel`, replacing any earlier one. */
export function sendResetCode(ctx: RequestScope, pool: PoolRecord, user: UserRecord, channel: Channel): Promise<CodeDeliveryDetailsType> {
  return deliverCode(ctx, pool, user, FORGOT_PASSWORD_PURPOSE, channel, { source: 'ForgotPassword', lifetimeMs: RESET_CODE_LIFETIME_MS });
}
