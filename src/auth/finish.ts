// The steps of every sign-in after its first factor: a new password where the user must set one, the
// second factor where MFA applies (src/mfa/challenges.ts), the device where the client names a
// remembered one (src/devices/deviceSrp.ts), then the tokens. Each step's Session keeps what the
// later ones need (ProvenState), so that a sign-in can be finished on any node.
import { startDeviceSrp } from '../devices/deviceSrp.js';
import { newDeviceMetadata, requireDevice, tracksDevices } from '../devices/devices.js';
import { startMfa } from '../mfa/challenges.js';
import { passkeysCountAsMfa } from '../pools/mfa.js';
import { assessSignIn } from '../risk/assess.js';
import type { AuthenticationResultType } from '../protocol/shapes.generated.js';
import type { PoolRecord, ProvenState, UserRecord } from '../store/records.js';
import { issueTokens } from '../tokens/issue.js';
import { postAuthentication } from '../triggers/authentication.js';
import type { TokenSource } from '../triggers/tokenGeneration.js';
import { startSession } from './sessions.js';
import type { AuthRequest, AuthStep, ChallengeRequest, FlowRequest, StepRequest } from './types.js';

/** Attributes the pool's schema requires that the user does not have (NEW_PASSWORD_REQUIRED asks for them). */
export function missingRequiredAttributes(pool: PoolRecord, attributes: Record<string, string>): string[] {
  return (pool.settings.SchemaAttributes ?? []).filter((a) => a.Required && a.Name !== 'sub' && !attributes[a.Name!]).map((a) => a.Name!);
}

export interface FinishOptions {
  /**
   * The first factor counts as the second too: a passkey with user verification under
   * MULTI_FACTOR_WITH_USER_VERIFICATION, or the code that confirmed the sign-up (Cognito issues
   * tokens at the first sign-in after it even where MFA is required).
   */
  mfaDone?: boolean;
  /** What an earlier step kept (NEW_PASSWORD_REQUIRED's Session). */
  kept?: ProvenState;
  /** The password itself, where the flow sent it: threat protection checks it against breached passwords. */
  password?: string;
}

/** Whether a passkey assertion also satisfies MFA: with user verification, where the pool counts it as MFA. */
export const passkeySatisfiesMfa = (pool: PoolRecord, userVerified: boolean): boolean => userVerified && passkeysCountAsMfa(pool);

/**
 * The DEVICE_KEY a client names its device with, in AuthParameters or in the answer to a challenge,
 * where the pool tracks devices (elsewhere it means nothing, as on Cognito).
 */
function claimedDeviceKey(request: AuthRequest, kept: ProvenState | undefined): string | undefined {
  if (!tracksDevices(request.pool)) return undefined;
  const named = (request as Partial<FlowRequest>).parameters?.DEVICE_KEY ?? (request as Partial<ChallengeRequest>).responses?.DEVICE_KEY;
  return named || kept?.deviceKey;
}

/** The first factor is proven: what the user must still do, or the tokens. */
export async function finishSignIn(request: AuthRequest, user: UserRecord, options: FinishOptions = {}): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  // Assessed once per sign-in: a step after a new password keeps what the first decided.
  const riskMfa = options.kept ? options.kept.riskMfa : await assessSignIn(request, user, options.password);
  const state: ProvenState = {
    flow: request.flow,
    deviceKey: claimedDeviceKey(request, options.kept),
    mfaDone: options.mfaDone === true || options.kept?.mfaDone === true,
    ...(riskMfa ? { riskMfa } : {}),
  };
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    const { sub, ...visible } = user.attributes;
    void sub;
    const session = await startSession(ctx.app, client, user.username, { challengeName: 'NEW_PASSWORD_REQUIRED', data: state });
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
  return continueSignIn(request, user, state);
}

/**
 * After the first factor and any new password: the second factor unless it is done or not asked
 * (a remembered device may spare it), then the device the client named, proven by device SRP.
 * A device the user does not have (forgotten, or another's) is refused.
 */
export async function continueSignIn(request: AuthRequest, user: UserRecord, state: ProvenState): Promise<AuthStep> {
  const device = state.deviceKey === undefined ? undefined : await requireDevice(request.ctx.app, user, state.deviceKey);
  if (!state.mfaDone) {
    const mfa = await startMfa(request, user, state, device);
    if (mfa) return mfa;
  }
  if (device) {
    const previousSession = (request as Partial<StepRequest<'MFA'>>).session?.id;
    return startDeviceSrp(request, user, { ...state, deviceKey: device.deviceKey, mfaDone: true }, previousSession);
  }
  return { ChallengeParameters: {}, AuthenticationResult: await issueSignInTokens(request, user) };
}

/** What a sign-in's tokens are issued after, as PreTokenGeneration hears it. */
function tokenSource(request: AuthRequest, provenDeviceKey: string | undefined): TokenSource {
  if (provenDeviceKey !== undefined) return 'TokenGeneration_AuthenticateDevice';
  return (request as Partial<ChallengeRequest>).challengeName === 'NEW_PASSWORD_REQUIRED' ? 'TokenGeneration_NewPasswordChallenge' : 'TokenGeneration_Authentication';
}

/**
 * The tokens of a finished sign-in. Made on a device device SRP proved, they carry its key; in a pool
 * that tracks devices, any other sign-in gets a new device key (NewDeviceMetadata) for ConfirmDevice.
 */
export async function issueSignInTokens(request: AuthRequest, user: UserRecord, provenDeviceKey?: string): Promise<AuthenticationResultType> {
  const { ctx, pool, client } = request;
  const newDevice = provenDeviceKey === undefined && tracksDevices(pool);
  await postAuthentication(ctx, pool, user, newDevice);
  if (request.signedIn) {
    await request.signedIn(user);
    return {};
  }
  const source = tokenSource(request, provenDeviceKey);
  if (!newDevice) return issueTokens(ctx, pool, client, user, { deviceKey: provenDeviceKey, source });
  const metadata = newDeviceMetadata(ctx.app, pool);
  const result = await issueTokens(ctx, pool, client, user, { deviceKey: metadata.DeviceKey, source });
  return { ...result, NewDeviceMetadata: metadata };
}
