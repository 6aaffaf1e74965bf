// The last step of every sign-in: with the first factor proven, either the user must still do
// something (set a new password) or the tokens are issued.
import { newDeviceMetadata, requireDevice, tracksDevices } from '../devices/devices.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { issueTokens } from '../tokens/issue.js';
import { startSession } from './sessions.js';
import type { AuthRequest, AuthStep, ChallengeRequest, FlowRequest } from './types.js';

/** Attributes the pool's schema requires that the user does not have (NEW_PASSWORD_REQUIRED asks for them). */
export function missingRequiredAttributes(pool: PoolRecord, attributes: Record<string, string>): string[] {
  return (pool.settings.SchemaAttributes ?? []).filter((a) => a.Required && a.Name !== 'sub' && !attributes[a.Name!]).map((a) => a.Name!);
}

export interface FinishOptions {
  /** The first factor was a passkey with user verification (counts as MFA with MULTI_FACTOR_WITH_USER_VERIFICATION). */
  passkeyWithUserVerification?: boolean;
}

export async function finishSignIn(request: AuthRequest, user: UserRecord, options: FinishOptions = {}): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const { sub, ...visible } = user.attributes;
    void sub;
    const step = { challengeName: 'NEW_PASSWORD_REQUIRED', data: { flow: request.flow } } as const;
    const session = await startSession(ctx.app, client, user.username, step);
    const required = missingRequiredAttributes(pool, user.attributes).map((name) => `userAttributes.${name}`);
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(required),
        userAttributes: JSON.stringify(visible),
      },
    };
  }
  const mfaSatisfied =
    options.passkeyWithUserVerification === true &&
    pool.settings.WebAuthnConfiguration?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';
  if (pool.settings.MfaConfiguration === 'ON' && !mfaSatisfied) {
    // keypool does not perform SMS or TOTP MFA; handing out tokens without the MFA the pool demands would be wrong.
    throw errors.mfaNotPerformed();
  }
  if (pool.settings.MfaConfiguration === 'OPTIONAL' && !mfaSatisfied && (user.preferences.enabledMfas ?? []).length > 0) {
    // Likewise for a user who turned MFA on where the pool leaves it to them.
    throw errors.userMfaNotPerformed();
  }
  // The client names its device by DEVICE_KEY (AuthParameters, or the PASSWORD_VERIFIER answer):
  // a forgotten one is refused as Cognito refuses it; a known one gets no new device key.
  const deviceKey = (request as Partial<FlowRequest>).parameters?.DEVICE_KEY ?? (request as Partial<ChallengeRequest>).responses?.DEVICE_KEY;
  const knownDevice = tracksDevices(pool) && deviceKey !== undefined;
  if (knownDevice) await requireDevice(ctx.app, user, deviceKey);
  const result = await issueTokens(ctx.app, pool, client, user);
  if (tracksDevices(pool) && !knownDevice) result.NewDeviceMetadata = newDeviceMetadata(ctx.app, pool);
  return { ChallengeParameters: {}, AuthenticationResult: result };
}
