// WEB_AUTHN as a USER_AUTH first factor: request options for the user's passkeys
// (CREDENTIAL_REQUEST_OPTIONS, cognito-passkeys-api.md §2.3), then the assertion that answers them.
import { randomBytes } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { AssertionRefused, parseAssertion, verifyAssertion } from '../../passkeys/assertion.js';
import { CHALLENGE_BYTES } from '../../passkeys/policy.js';
import { webAuthnSettings, type WebAuthnSettings } from '../../pools/webauthn.js';
import { errors } from '../../protocol/errors.js';
import type { PasskeyRecord } from '../../store/records.js';
import { finishSignIn } from '../finish.js';
import { sessionLifetimeMs } from '../sessions.js';
import { countSignInAttempt, refuseWhileLockedOut, requireParameter } from '../signIn.js';
import type { AuthRequest, AuthStep, ChallengeRequest } from '../types.js';
import type { FirstFactor } from './factors.js';
import { answeringCandidate, confirmed, retryable, startStep, type Candidate } from './steps.js';

/** What the WEB_AUTHN Session keeps: the assertion is checked against these, whatever the pool says by then. */
interface WebAuthnStep {
  challenge: string;
  rpId: string;
  userVerification: 'required' | 'preferred';
}

type SignInPasskeys = { settings?: WebAuthnSettings; passkeys: PasskeyRecord[] };

/** Read once per candidate: InitiateAuth asks whether WEB_AUTHN is usable, then starts it. */
const listed = new WeakMap<Candidate, Promise<SignInPasskeys>>();

function signInPasskeys(request: AuthRequest, candidate: Candidate): Promise<SignInPasskeys> {
  let passkeys = listed.get(candidate);
  if (!passkeys) {
    passkeys = readSignInPasskeys(request, candidate);
    listed.set(candidate, passkeys);
  }
  return passkeys;
}

/** The user's passkeys that can sign in today: those of the pool's current RP ID. */
async function readSignInPasskeys(request: AuthRequest, candidate: Candidate): Promise<SignInPasskeys> {
  if (!confirmed(candidate)) return { passkeys: [] };
  const settings = await webAuthnSettings(request.ctx.app, request.pool);
  if (!settings.rpId) return { passkeys: [] };
  const passkeys = await request.ctx.app.store.passkeys.listForUser(request.pool.id, candidate.user!.username);
  return { settings, passkeys: passkeys.filter((p) => p.rpId === settings.rpId) };
}

async function start(request: AuthRequest, candidate: Candidate): Promise<AuthStep> {
  const { settings, passkeys } = await signInPasskeys(request, candidate);
  if (!settings?.rpId || passkeys.length === 0) throw errors.passkeySignInFailed('WEB_AUTHN started for a user without passkeys');
  const { rpId, userVerification } = settings;
  const step: WebAuthnStep = { challenge: randomBytes(CHALLENGE_BYTES).toString('base64url'), rpId, userVerification };
  // Cognito's key order, with the WebAuthn L3 members it sends even when empty.
  const options: PublicKeyCredentialRequestOptionsJSON & { attestation: string; attestationFormats: string[] } = {
    hints: [],
    attestation: 'none',
    attestationFormats: [],
    challenge: step.challenge,
    // The ceremony may take as long as the Session lives (180000 ms with the default 3 minutes).
    timeout: sessionLifetimeMs(request.client),
    rpId,
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, type: 'public-key' as const })),
    userVerification,
  };
  return {
    ChallengeName: 'WEB_AUTHN',
    Session: await startStep(request, candidate, 'WEB_AUTHN', { ...step }),
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
  };
}

/** RespondToAuthChallenge WEB_AUTHN: verifies CREDENTIAL, records the use, finishes the sign-in. */
export async function answerWebAuthn(request: ChallengeRequest): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  const { candidate, credentialText } = await retryable(request, async () => ({
    candidate: await answeringCandidate(request),
    credentialText: requireParameter(request.responses, 'CREDENTIAL'),
  }));
  const user = candidate.user;
  if (!user) throw errors.passkeySignInFailed('the user is gone');
  const step = request.session!.data as unknown as WebAuthnStep;
  await refuseWhileLockedOut(ctx, user, 'WEB_AUTHN');
  try {
    const assertion = await verifyAssertion(parseAssertion(credentialText), {
      ...step,
      extraOrigins: ctx.app.config.extraOrigins,
      user,
      findCredential: (id) => ctx.app.store.passkeys.get(id),
    });
    const now = ctx.app.clock.now();
    if (!(await ctx.app.store.passkeys.recordUse(assertion.passkey.credentialId, assertion.passkey.signCount, assertion.signCount, now))) {
      throw new AssertionRefused('the sign count moved during this sign-in (a concurrent use of the same credential)');
    }
    await countSignInAttempt(ctx, user, 'WEB_AUTHN', true);
    return await finishSignIn(ctx, pool, client, user, { passkeyWithUserVerification: assertion.userVerified });
  } catch (error) {
    if (!(error instanceof AssertionRefused)) throw error;
    const failures = await countSignInAttempt(ctx, user, 'WEB_AUTHN', false);
    throw errors.passkeySignInFailed(`${error.message} (${failures} in a row)`);
  }
}

export const webAuthnFactor: FirstFactor = {
  poolFactor: 'WEB_AUTHN',
  usable: async (request, candidate) => (await signInPasskeys(request, candidate)).passkeys.length > 0,
  start: (request, candidate) => start(request, candidate),
};
