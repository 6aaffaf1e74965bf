// Passkey autofill on managed login: a usernameless (discoverable credential) passkey sign-in. The
// request options name no user; the assertion does, by its credential, and is then held to the rules
// of a USER_AUTH WEB_AUTHN sign-in by that user and verified by the same code (./webAuthn.ts).
import { AssertionRefused, parseAssertion } from '../../passkeys/assertion.js';
import { credentialRequestOptions, signInPasskeys } from '../../passkeys/requestOptions.js';
import { webAuthnSettings } from '../../pools/webauthn.js';
import { errors } from '../../protocol/errors.js';
import type { AssertionChallenge, UserRecord } from '../../store/records.js';
import { consumeSession, sessionLifetimeMs, startSession } from '../sessions.js';
import { admitSignInUser } from '../signIn.js';
import type { AuthRequest, AuthStep } from '../types.js';
import { availableChallenges } from './factors.js';
import { signInWithAssertion } from './webAuthn.js';

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
 * must be one who may sign in with a passkey through USER_AUTH (enabled, PreAuthentication passed,
 * and WEB_AUTHN among the first factors offered to them: confirmed, a passkey of the pool's current
 * RP ID, passkeys allowed with their MFA), and the assertion is verified as WEB_AUTHN's.
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
  // The choice InitiateAuth would offer this user: confirmed, with a passkey of the RP ID, passkeys allowed with their MFA.
  if (!(await availableChallenges(request, { name: user.username, user })).includes('WEB_AUTHN')) {
    throw errors.passkeySignInFailed(`WEB_AUTHN is not among the user's first factors (status ${user.status})`);
  }
  const { settings } = await signInPasskeys(ctx.app, pool, user);
  if (!settings) throw errors.passkeySignInFailed('the pool has no relying-party id');
  // The options were issued before anyone knew the user: one whose sign-in needs verification gets it checked now.
  const expected = { challenge: data.challenge, rpId: data.rpId, userVerification: stricter(data.userVerification, settings.userVerification) };
  return { user, step: await signInWithAssertion(request, user, expected, credentialText) };
}
