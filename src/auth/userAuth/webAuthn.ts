// WEB_AUTHN as a USER_AUTH first factor: the step glue. The passkeys own the ceremony
// (src/passkeys/requestOptions.ts, authenticate.ts); this file keeps the Session between the request
// options and the assertion, and finishes the sign-in.
import { AssertionRefused, parseAssertion } from '../../passkeys/assertion.js';
import { authenticateWithPasskey } from '../../passkeys/authenticate.js';
import { credentialRequestOptions, signInPasskeys, type SignInPasskeys } from '../../passkeys/requestOptions.js';
import { webAuthnSettings } from '../../pools/webauthn.js';
import { errors } from '../../protocol/errors.js';
import type { AssertionChallenge, UserRecord } from '../../store/records.js';
import { finishSignIn, passkeySatisfiesMfa } from '../finish.js';
import { consumeSession, sessionLifetimeMs, startSession } from '../sessions.js';
import { admitSignInUser, requireParameter } from '../signIn.js';
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
async function signInWithAssertion(request: AuthRequest, user: UserRecord, expected: AssertionChallenge, credentialText: string): Promise<AuthStep> {
  const { userVerified } = await authenticateWithPasskey(request.ctx.app, expected, user, credentialText);
  return finishSignIn(request, user, { mfaDone: passkeySatisfiesMfa(request.pool, userVerified) });
}

/**
 * Managed login's passkey autofill, first half: request options for no user in particular (no
 * allowCredentials, so the browser offers any discoverable passkey of the RP ID), with the Session
 * that the assertion must come back with.
 */
export async function startDiscoverableSignIn(request: AuthRequest): Promise<{ session: string; options: unknown }> {
  const { ctx, pool, client } = request;
  const settings = await webAuthnSettings(ctx.app, pool);
  const { rpId } = settings;
  if (!rpId) throw errors.webAuthnConfigurationMissing();
  const { expected, options } = credentialRequestOptions({ ...settings, rpId }, [], sessionLifetimeMs(client));
  // The session names nobody: which user signs in is known only from the credential that answers.
  const session = await startSession(ctx.app, client, '', { challengeName: 'DISCOVERABLE_WEB_AUTHN', data: { flow: request.flow, ...expected } });
  return { session, options };
}

/** The stricter of two user verification requirements. */
const stricter = (a: AssertionChallenge['userVerification'], b: AssertionChallenge['userVerification']): AssertionChallenge['userVerification'] => (a === 'required' || b === 'required' ? 'required' : 'preferred');

/**
 * Passkey autofill, second half: the Session is spent (once), the credential names the user, who
 * must be one who may sign in with a passkey through USER_AUTH (enabled, confirmed, PreAuthentication
 * passed, the passkey of the pool's current RP ID), and the assertion is verified as WEB_AUTHN's.
 */
export async function answerDiscoverableSignIn(request: AuthRequest, sessionToken: string | undefined, credentialText: string): Promise<{ user: UserRecord; step: AuthStep }> {
  const { ctx, pool, client } = request;
  const { data } = await consumeSession(ctx.app, sessionToken, client, 'DISCOVERABLE_WEB_AUTHN');
  let credentialId: string;
  try {
    credentialId = parseAssertion(credentialText).id;
  } catch (error) {
    if (error instanceof AssertionRefused) throw errors.passkeySignInFailed(error.message);
    throw error;
  }
  const passkey = await ctx.app.store.passkeys.get(credentialId);
  const found = passkey?.poolId === pool.id ? await ctx.app.store.users.get(pool.id, passkey.username) : undefined;
  if (!found) throw errors.passkeySignInFailed('the credential is not one of the pool\'s users\' passkeys');
  const user = await admitSignInUser(request, found);
  if (!confirmed({ name: user.username, user })) throw errors.passkeySignInFailed(`the user is ${user.status}, not CONFIRMED`);
  const { settings } = await signInPasskeys(ctx.app, pool, user);
  if (!settings) throw errors.passkeySignInFailed('the pool has no relying-party id');
  // The options were issued before anyone knew the user: one whose sign-in needs verification gets it checked now.
  const expected = { challenge: data.challenge, rpId: data.rpId, userVerification: stricter(data.userVerification, settings.userVerification) };
  return { user, step: await signInWithAssertion(request, user, expected, credentialText) };
}

export const webAuthnFactor: FirstFactor = {
  poolFactor: 'WEB_AUTHN',
  usable: async (request, candidate) => (await candidatePasskeys(request, candidate)).passkeys.length > 0,
  start: (request, candidate) => start(request, candidate),
};
