// Signing in with a passkey, second half: the assertion answering the request options is verified
// (assertion.ts), then the sign count moves by compare-and-set, so that of two sign-ins racing with
// one assertion only one succeeds. Every refusal is the one answer clients hear, with its precise
// reason kept for the operator (auth events, log). Refusals are not counted towards any lockout: a
// signature cannot be guessed, and counting them would let anyone lock a user out of their passkeys.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { AssertionChallenge, UserRecord } from '../store/records.js';
import { AssertionRefused, parseAssertion, verifyAssertion } from './assertion.js';

/**
 * Checks CREDENTIAL (an AuthenticationResponseJSON, as JSON) for `user` against what the request
 * options asked, and records the passkey's use. Throws NotAuthorizedException when refused.
 */
export async function authenticateWithPasskey(
  app: App,
  { challenge, rpId, userVerification }: AssertionChallenge,
  user: UserRecord,
  credentialText: string,
): Promise<{ userVerified: boolean }> {
  try {
    const assertion = await verifyAssertion(parseAssertion(credentialText), {
      challenge,
      rpId,
      userVerification,
      extraOrigins: app.config.extraOrigins,
      user,
      findCredential: (id) => app.store.passkeys.get(id),
    });
    const { passkey, signCount } = assertion;
    if (!(await app.store.passkeys.recordUse(passkey.credentialId, passkey.signCount, signCount, app.clock.now()))) {
      throw new AssertionRefused('the sign count moved during this sign-in (a concurrent use of the same credential)');
    }
    return { userVerified: assertion.userVerified };
  } catch (error) {
    if (error instanceof AssertionRefused) throw errors.passkeySignInFailed(error.message);
    throw error;
  }
}
