// WEB_AUTHN as a USER_AUTH first factor: the step glue. The passkeys own the ceremony
// (src/passkeys/requestOptions.ts, authenticate.ts); this file keeps the Session between the request
// options and the assertion, and finishes the sign-in.
import { authenticateWithPasskey } from '../../passkeys/authenticate.js';
import { credentialRequestOptions, signInPasskeys, type SignInPasskeys } from '../../passkeys/requestOptions.js';
import { errors } from '../../protocol/errors.js';
import type { AssertionChallenge, UserRecord } from '../../store/records.js';
import { finishSignIn, passkeySatisfiesMfa } from '../finish.js';
import { sessionLifetimeMs } from '../sessions.js';
import { requireParameter } from '../signIn.js';
import type { AuthRequest, AuthStep, StepRequest } from '../types.js';
import type { FirstFactor } from './factors.js';
import { answeringCandidate, confirmed, retryable, startStep, type Candidate } from './steps.js';

/** Read once per candidate: InitiateAuth asks whether WEB_AUTHN is usable, then starts it. */
const listed = new WeakMap<Candidate, Promise<SignInPasskeys>>();

function candidatePasskeys(request: AuthRequest, candidate: Candidate): Promise<SignInPasskeys> {
  let passkeys = listed.get(candidate);
  if (!passkeys) {
    passkeys = confirmed(candidate) ? signInPasskeys(request.ctx.app, request.pool, candidate.user!) : Promise.resolve({ passkeys: [] });
    listed.set(candidate, passkeys);
  }
  return passkeys;
}

async function start(request: AuthRequest, candidate: Candidate): Promise<AuthStep> {
  const { settings, passkeys } = await candidatePasskeys(request, candidate);
  if (!settings || passkeys.length === 0) throw errors.passkeySignInFailed('WEB_AUTHN started for a user without passkeys');
  // The ceremony may take as long as the Session lives (180000 ms with the default 3 minutes).
  const { expected, options } = credentialRequestOptions(settings, passkeys, sessionLifetimeMs(request.client));
  return {
    ChallengeName: 'WEB_AUTHN',
    Session: await startStep(request, candidate, 'WEB_AUTHN', expected),
    ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
  };
}

/** RespondToAuthChallenge WEB_AUTHN: the assertion answering the Session's request options. */
export async function answerWebAuthn(request: StepRequest<'WEB_AUTHN'>): Promise<AuthStep> {
  const { candidate, credentialText } = await retryable(request, async () => ({
    candidate: await answeringCandidate(request),
    credentialText: requireParameter(request.responses, 'CREDENTIAL'),
  }));
  const user = candidate.user;
  if (!user) throw errors.passkeySignInFailed('the user is gone');
  const { challenge, rpId, userVerification } = request.session.data;
  return signInWithAssertion(request, user, { challenge, rpId, userVerification }, credentialText);
}

/** The assertion, checked against what the request options asked, signs `user` in: the rest of the sign-in follows. */
export async function signInWithAssertion(request: AuthRequest, user: UserRecord, expected: AssertionChallenge, credentialText: string): Promise<AuthStep> {
  const { userVerified } = await authenticateWithPasskey(request.ctx.app, expected, user, credentialText);
  return finishSignIn(request, user, { mfaDone: passkeySatisfiesMfa(request.pool, userVerified) });
}

export const webAuthnFactor: FirstFactor = {
  poolFactor: 'WEB_AUTHN',
  usable: async (request, candidate) => (await candidatePasskeys(request, candidate)).passkeys.length > 0,
  start: (request, candidate) => start(request, candidate),
};
