// Device SRP: a sign-in that names a remembered device proves it holds the device's secret before the
// tokens are issued (developer guide, "Signing in with a device"). DEVICE_SRP_AUTH asks for the
// client's SRP_A; DEVICE_PASSWORD_VERIFIER checks its claim against the verifier ConfirmDevice stored,
// with the device group key in place of the pool name and the device key in place of the username.
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../random.js';
import { issueSignInTokens } from '../auth/finish.js';
import { startSession } from '../auth/sessions.js';
import { requireParameter } from '../auth/signIn.js';
import { claimInstant, expectedSignature, parseSrpA, serverEphemeral } from '../auth/srp.js';
import { fromHex, toHex } from '../auth/srpMath.js';
import type { AuthRequest, AuthStep, StepRequest } from '../auth/types.js';
import { answeringUser } from '../auth/proven.js';
import { errors } from '../protocol/errors.js';
import type { ProvenState, UserRecord } from '../store/records.js';
import { requireDevice } from './devices.js';

const SECRET_BLOCK_BYTES = 64;

/** ConfirmDevice takes the verifier and salt in base64; SRP computes with them as numbers. */
const base64ToHex = (text: string): string => Buffer.from(text, 'base64').toString('hex');

/**
 * The id of the DEVICE_SRP_AUTH Session that follows an MFA step's Session. amazon-cognito-identity-js
 * answers DEVICE_SRP_AUTH after sendMFACode with the MFA step's Session rather than the one the
 * challenge came with; this id lets that Session find its successor (only the client that answered
 * the MFA step holds it).
 */
export const followingSessionId = (previous: string): string => createHash('sha256').update(`DEVICE_SRP_AUTH\n${previous}`).digest('base64url');

/** DEVICE_SRP_AUTH, with a Session derived from the step answered just before, where there was one. */
export async function startDeviceSrp(request: AuthRequest, user: UserRecord, state: ProvenState & { deviceKey: string }, previousSession?: string): Promise<AuthStep> {
  const id = previousSession === undefined ? undefined : followingSessionId(previousSession);
  const session = await startSession(request.ctx.app, request.client, user.username, { challengeName: 'DEVICE_SRP_AUTH', data: state }, id);
  return { ChallengeName: 'DEVICE_SRP_AUTH', Session: session, ChallengeParameters: {} };
}

/** The DEVICE_KEY of an answer: the device the sign-in named, and no other. */
function answeredDeviceKey(request: StepRequest<'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER'>): string {
  const deviceKey = requireParameter(request.responses, 'DEVICE_KEY');
  if (deviceKey !== request.session.data.deviceKey) throw errors.deviceNotFound('DEVICE_KEY is not the device the sign-in named');
  return deviceKey;
}

/** RespondToAuthChallenge DEVICE_SRP_AUTH: SRP_A for the device; the answer is DEVICE_PASSWORD_VERIFIER. */
export async function answerDeviceSrpAuth(request: StepRequest<'DEVICE_SRP_AUTH'>): Promise<AuthStep> {
  const user = await answeringUser(request);
  const deviceKey = answeredDeviceKey(request);
  const A = parseSrpA(requireParameter(request.responses, 'SRP_A'));
  const device = await requireDevice(request.ctx.app, user, deviceKey);
  const { b, B } = serverEphemeral(A, fromHex(base64ToHex(device.passwordVerifier)));
  const secretBlock = randomBytes(SECRET_BLOCK_BYTES).toString('base64');
  const state = { ...request.session.data, deviceKey, A: toHex(A), b: toHex(b), secretBlock };
  const session = await startSession(request.ctx.app, request.client, user.username, { challengeName: 'DEVICE_PASSWORD_VERIFIER', data: state });
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: session,
    ChallengeParameters: {
      SRP_B: toHex(B),
      SALT: base64ToHex(device.salt),
      SECRET_BLOCK: secretBlock,
      USERNAME: user.username,
      DEVICE_KEY: deviceKey,
    },
  };
}

/** RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER: checks the device's claim, then issues tokens carrying its key. */
export async function answerDevicePasswordVerifier(request: StepRequest<'DEVICE_PASSWORD_VERIFIER'>): Promise<AuthStep> {
  const { ctx, responses, session } = request;
  const user = await answeringUser(request);
  const deviceKey = answeredDeviceKey(request);
  const blockText = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = Buffer.from(requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE'), 'base64');
  const instant = claimInstant(request, requireParameter(responses, 'TIMESTAMP'));
  if (blockText !== session.data.secretBlock) throw errors.incorrectCredentials('PASSWORD_CLAIM_SECRET_BLOCK is not the one of the challenge');
  const device = await requireDevice(ctx.app, user, deviceKey);
  const verifier = fromHex(base64ToHex(device.passwordVerifier));
  const expected = expectedSignature(device.deviceGroupKey, deviceKey, verifier, session.data, Buffer.from(blockText, 'base64'), instant);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    throw errors.incorrectCredentials('wrong device password claim');
  }
  await ctx.app.store.devices.recordSignIn(user.poolId, user.username, deviceKey, ctx.app.clock.now(), ctx.sourceIp);
  return { ChallengeParameters: {}, AuthenticationResult: await issueSignInTokens(request, user, deviceKey) };
}
