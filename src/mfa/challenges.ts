// The second factor of a sign-in, as Cognito decides it once the first is proven (developer guide,
// "Adding MFA to a user pool"; API reference, InitiateAuth ChallengeName and SetUserMFAPreference):
// - MfaConfiguration OFF asks for nothing; OPTIONAL asks users who turned an MFA type on; ON asks
//   everyone: users with none turned on are sent a code to the phone number or email they have (SMS and
//   email MFA need no opt-in), and users with neither set up a software token (MFA_SETUP).
// - Only the types the pool offers count: SMS with SmsMfaConfiguration, TOTP with
//   SoftwareTokenMfaConfiguration Enabled, email with EmailMfaConfiguration.
// - The preferred type is asked; else the only one; else the user chooses (SELECT_MFA_TYPE).
// - A remembered device of a pool with ChallengeRequiredOnNewDevice skips MFA.
// Every step keeps the sign-in's ProvenState in its Session; the last one goes on to the device and
// the tokens (continueSignIn).
import { admitCodeDelivery } from '../auth/attempts.js';
import { continueSignIn } from '../auth/finish.js';
import { answeringUser } from '../auth/proven.js';
import { sessionLifetimeMs, startSession } from '../auth/sessions.js';
import { requireParameter } from '../auth/signIn.js';
import type { AuthRequest, AuthStep, StepRequest } from '../auth/types.js';
import { redeemSignInCode, signInText } from '../auth/userAuth/otp.js';
import { retryable } from '../auth/userAuth/steps.js';
import { rememberedDeviceSkipsMfa } from '../devices/devices.js';
import { refuseWithoutMfa } from '../risk/assess.js';
import { CognitoError, errors } from '../protocol/errors.js';
import type { DeviceRecord, MfaChallengeName, MfaState, PoolRecord, ProvenState, SoftwareTokenRecord, UserRecord } from '../store/records.js';
import { saveUser } from '../users/accounts.js';
import { channelAttribute, deliverCode, type Channel } from '../users/messages.js';
import { checkSoftwareTokenCode, verifiedSoftwareToken } from './softwareTokens.js';

export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** In the order Cognito lists them in MFAS_CAN_CHOOSE and MFAS_CAN_SETUP. */
export const MFA_TYPES: readonly MfaType[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

const isMfaType = (value: string): value is MfaType => (MFA_TYPES as readonly string[]).includes(value);

/** The code-by-message types and where their codes go. */
const CHANNELS: Readonly<Record<Exclude<MfaType, 'SOFTWARE_TOKEN_MFA'>, Channel>> = { SMS_MFA: 'SMS', EMAIL_OTP: 'EMAIL' };

/** The ChallengeResponses member that carries each type's code. */
const CODE_RESPONSE: Readonly<Record<MfaType, string>> = {
  SMS_MFA: 'SMS_MFA_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
};

/** The codes of SMS and email MFA are kept under one purpose: a new MFA code replaces the last. */
const MFA_CODE_PURPOSE = 'SIGN_IN_MFA';

export function poolMfaTypes(pool: PoolRecord): MfaType[] {
  const s = pool.settings;
  return MFA_TYPES.filter((type) =>
    type === 'SMS_MFA' ? s.SmsMfaConfiguration !== undefined : type === 'EMAIL_OTP' ? s.EmailMfaConfiguration !== undefined : s.SoftwareTokenMfaConfiguration?.Enabled === true,
  );
}

/**
 * Whether MFA applies to the user's sign-ins: always under ON, under OPTIONAL when they turned on a
 * type the pool offers. Where it does, passwordless first factors are not offered (but a passkey under
 * MULTI_FACTOR_WITH_USER_VERIFICATION, with user verification), as Cognito does not combine the two.
 */
export function mfaApplies(pool: PoolRecord, user: UserRecord | undefined): boolean {
  const mode = pool.settings.MfaConfiguration ?? 'OFF';
  if (mode !== 'OPTIONAL') return mode === 'ON';
  const offered: readonly string[] = poolMfaTypes(pool);
  return (user?.preferences.enabledMfas ?? []).some((type) => offered.includes(type));
}

/** Whether the user has where a code goes: the phone number or email, or (given) a verified authenticator. */
function canReceive(user: UserRecord, type: MfaType, authenticator: SoftwareTokenRecord | undefined): boolean {
  return type === 'SOFTWARE_TOKEN_MFA' ? authenticator !== undefined : !!user.attributes[channelAttribute(CHANNELS[type])];
}

/**
 * The types the sign-in may ask for, of those the pool offers: those the user turned on, or where MFA
 * is required and none is, those they can receive.
 */
function candidateTypes(offered: MfaType[], required: boolean, user: UserRecord, authenticator: SoftwareTokenRecord | undefined): MfaType[] {
  const turnedOn = user.preferences.enabledMfas ?? [];
  const usable = offered.filter((type) => turnedOn.includes(type) && canReceive(user, type, authenticator));
  if (usable.length > 0 || !required) return usable;
  return offered.filter((type) => type !== 'SOFTWARE_TOKEN_MFA' && canReceive(user, type, undefined));
}

/** The MFA challenge this sign-in must answer, or undefined when it need not (OFF, nothing turned on, a remembered device). */
export async function startMfa(request: AuthRequest, user: UserRecord, state: ProvenState, device: DeviceRecord | undefined): Promise<AuthStep | undefined> {
  const { ctx, pool } = request;
  const mode = pool.settings.MfaConfiguration ?? 'OFF';
  // Threat protection may ask for MFA whatever the pool's mode, with any type it offers the user can answer.
  const risk = state.riskMfa;
  if (!risk && (mode === 'OFF' || rememberedDeviceSkipsMfa(pool, device))) return undefined;
  const offered = poolMfaTypes(pool);
  // Read once, only for a user who turned TOTP on: it decides the choice and names the challenge.
  const totpOn = offered.includes('SOFTWARE_TOKEN_MFA') && (user.preferences.enabledMfas ?? []).includes('SOFTWARE_TOKEN_MFA');
  const authenticator = totpOn ? await verifiedSoftwareToken(ctx.app, user) : undefined;
  const choices = candidateTypes(offered, mode === 'ON' || risk !== undefined, user, authenticator);
  if (choices.length === 0) {
    if (risk === 'REQUIRED') refuseWithoutMfa(ctx);
    if (mode !== 'ON') return undefined;
    return mfaStep(request, user, { ...state, challenge: 'MFA_SETUP', choices: offered }, { MFAS_CAN_SETUP: JSON.stringify(offered) });
  }
  const preferred = user.preferences.preferredMfa;
  const chosen = choices.find((type) => type === preferred) ?? (choices.length === 1 ? choices[0] : undefined);
  if (chosen) return startMfaType(request, user, state, chosen, authenticator);
  return mfaStep(request, user, { ...state, challenge: 'SELECT_MFA_TYPE', choices }, { MFAS_CAN_CHOOSE: JSON.stringify(choices) });
}

async function mfaStep(request: AuthRequest, user: UserRecord, data: MfaState, parameters: Record<string, string>): Promise<AuthStep> {
  const session = await startSession(request.ctx.app, request.client, user.username, { challengeName: 'MFA', data });
  return { ChallengeName: data.challenge, Session: session, ChallengeParameters: parameters };
}

/** Asks for one type's code: sends it by SMS or email, or asks the authenticator's (read here unless given). */
async function startMfaType(
  request: AuthRequest,
  user: UserRecord,
  state: ProvenState,
  type: MfaType,
  authenticator?: SoftwareTokenRecord,
): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  const data: MfaState = { ...state, challenge: type };
  if (type === 'SOFTWARE_TOKEN_MFA') {
    const name = (authenticator ?? (await verifiedSoftwareToken(ctx.app, user)))?.friendlyName;
    return mfaStep(request, user, data, name === undefined ? {} : { FRIENDLY_DEVICE_NAME: name });
  }
  const channel = CHANNELS[type];
  await admitCodeDelivery(ctx.app, pool.id, user.username);
  const details = await deliverCode(ctx, pool, user, MFA_CODE_PURPOSE, channel, {
    source: 'Authentication',
    lifetimeMs: sessionLifetimeMs(client),
    text: signInText(pool, channel),
  });
  return mfaStep(request, user, data, { CODE_DELIVERY_DELIVERY_MEDIUM: channel, CODE_DELIVERY_DESTINATION: details.Destination! });
}

/** The MFA Session of `challengeName`, and the user answering it. */
async function answering(request: StepRequest<'MFA'>, challengeName: MfaChallengeName): Promise<UserRecord> {
  if (request.session.data.challenge !== challengeName) {
    throw errors.invalidSession(`the Session expects ${request.session.data.challenge}, not ${challengeName}`);
  }
  return answeringUser(request);
}

/** The code answer of one MFA type: a wrong code leaves the Session to be answered again. */
function answerCode(type: MfaType) {
  return async (request: StepRequest<'MFA'>): Promise<AuthStep> => {
    const { ctx, pool } = request;
    const user = await retryable(request, async () => {
      const user = await answering(request, type);
      const code = requireParameter(request.responses, CODE_RESPONSE[type]);
      if (type === 'SOFTWARE_TOKEN_MFA') {
        await checkSoftwareTokenCode(ctx.app, user, code);
      } else {
        await redeemSignInCode(ctx.app, user, MFA_CODE_PURPOSE, code);
      }
      return user;
    });
    const proven = type === 'SOFTWARE_TOKEN_MFA' ? user : await markVerified(request, pool, user, channelAttribute(CHANNELS[type]));
    return continueSignIn(request, proven, { ...provenOf(request.session.data), mfaDone: true });
  };
}

/** A code received at the phone number or email proves it: Cognito marks it verified at the first MFA. */
async function markVerified(request: AuthRequest, pool: PoolRecord, user: UserRecord, attribute: 'email' | 'phone_number'): Promise<UserRecord> {
  if (user.attributes[`${attribute}_verified`] === 'true') return user;
  const verified = { ...user, attributes: { ...user.attributes, [`${attribute}_verified`]: 'true' }, updatedAt: request.ctx.app.clock.now() };
  try {
    await saveUser(request.ctx.app, pool, verified);
    return verified;
  } catch (error) {
    // The value is another user's verified alias: it stays unverified here, and the sign-in goes on.
    if (error instanceof CognitoError && error.type === 'AliasExistsException') return user;
    throw error;
  }
}

/** What an MFA step keeps of the sign-in, without the step's own members. */
const provenOf = ({ flow, deviceKey, mfaDone }: MfaState): ProvenState => ({ flow, deviceKey, mfaDone });

/** SELECT_MFA_TYPE: ANSWER names one of MFAS_CAN_CHOOSE (EMAIL_MFA is accepted for EMAIL_OTP, as the API reference spells it). */
async function answerSelection(request: StepRequest<'MFA'>): Promise<AuthStep> {
  const { user, type } = await retryable(request, async () => {
    const user = await answering(request, 'SELECT_MFA_TYPE');
    const answer = requireParameter(request.responses, 'ANSWER');
    const type = answer === 'EMAIL_MFA' ? 'EMAIL_OTP' : answer;
    const choices = request.session.data.choices ?? [];
    if (!isMfaType(type) || !choices.includes(type)) throw errors.mfaSelectionInvalid(choices);
    return { user, type };
  });
  return startMfaType(request, user, provenOf(request.session.data), type);
}

/**
 * MFA_SETUP: answered with the Session VerifySoftwareToken returned once the user's new authenticator
 * gave its first code. SMS and email MFA are set up by adding the phone number or email and signing
 * in again, as the API reference describes.
 */
async function answerSetup(request: StepRequest<'MFA'>): Promise<AuthStep> {
  const user = await retryable(request, async () => {
    const user = await answering(request, 'MFA_SETUP');
    for (const [member, type] of [['EMAIL', 'EMAIL_OTP'], ['PHONE_NUMBER', 'SMS_MFA']] as const) {
      if (request.responses[member] !== undefined) throw errors.mfaSetupTypeNotSupported(type);
    }
    if (request.session.data.setup !== 'verified') throw errors.mfaSetupNotVerified();
    return user;
  });
  return continueSignIn(request, user, { ...provenOf(request.session.data), mfaDone: true });
}

export const mfaAnswers: Readonly<Record<MfaChallengeName, (request: StepRequest<'MFA'>) => Promise<AuthStep>>> = {
  SMS_MFA: answerCode('SMS_MFA'),
  SOFTWARE_TOKEN_MFA: answerCode('SOFTWARE_TOKEN_MFA'),
  EMAIL_OTP: answerCode('EMAIL_OTP'),
  SELECT_MFA_TYPE: answerSelection,
  MFA_SETUP: answerSetup,
};
