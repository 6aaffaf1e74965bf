// Setting up a software token, by a signed-in user (AccessToken) or within a sign-in that must set up
// MFA first (the Session of MFA_SETUP): AssociateSoftwareToken gives the key and, in a sign-in, the
// next Session; VerifySoftwareToken takes the authenticator's first code and, in a sign-in, answers
// the Session that MFA_SETUP is then answered with. A user who sets up their authenticator within a
// sign-in has TOTP MFA turned on (and preferred where nothing else is), since their pool requires MFA.
import type { App } from '../app.js';
import { consumeSession, releaseSession, startSession, userOfSession } from '../auth/sessions.js';
import { requireClientAndPool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { UserRecord } from '../store/records.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import { setMfaPreference } from './preferences.js';
import { associateSoftwareToken, verifySoftwareToken } from './softwareTokens.js';

interface Credentials {
  AccessToken?: string;
  Session?: string;
}

/** The MFA_SETUP Session at the stage an operation takes, consumed, with its user as they stand now. */
async function setupSession(app: App, token: string, stage: 'associate' | 'verify') {
  const session = await consumeSession(app, token, undefined, 'MFA');
  const { challenge, choices, setup } = session.data;
  if (challenge !== 'MFA_SETUP' || !choices?.includes('SOFTWARE_TOKEN_MFA')) {
    throw errors.invalidSession('the Session is not of a sign-in that may set up a software token');
  }
  if (stage === 'verify' && setup !== 'associated') throw errors.invalidSession('the Session is not the one AssociateSoftwareToken answered');
  const { client, pool } = await requireClientAndPool(app, session.clientId);
  return { session, client, pool, user: await userOfSession(app, session) };
}

function oneCredential(input: Credentials): void {
  if ((input.AccessToken === undefined) === (input.Session === undefined)) throw errors.softwareTokenNeedsOneCredential();
}

/** AssociateSoftwareToken: the new key, and with a Session the one VerifySoftwareToken takes. */
export async function associate(app: App, input: Credentials, note: (user: UserRecord) => void) {
  oneCredential(input);
  if (input.AccessToken !== undefined) {
    const { user } = await authorizeAccessToken(app, input.AccessToken);
    note(user);
    return { SecretCode: await associateSoftwareToken(app, user) };
  }
  const { session, client, user } = await setupSession(app, input.Session!, 'associate');
  note(user);
  const SecretCode = await associateSoftwareToken(app, user);
  const next = await startSession(app, client, user.username, { challengeName: 'MFA', data: { ...session.data, setup: 'associated' } });
  return { SecretCode, Session: next };
}

/** VerifySoftwareToken: SUCCESS, and with a Session the one MFA_SETUP is answered with. */
export async function verify(app: App, input: Credentials & { UserCode: string; FriendlyDeviceName?: string }, note: (user: UserRecord) => void) {
  oneCredential(input);
  if (input.AccessToken !== undefined) {
    const { user } = await authorizeAccessToken(app, input.AccessToken);
    note(user);
    await verifySoftwareToken(app, user, input.UserCode, input.FriendlyDeviceName);
    return { Status: 'SUCCESS' as const };
  }
  const { session, client, pool, user } = await setupSession(app, input.Session!, 'verify');
  note(user);
  try {
    await verifySoftwareToken(app, user, input.UserCode, input.FriendlyDeviceName);
  } catch (error) {
    // A wrong code may be corrected with the same Session.
    await releaseSession(app, session);
    throw error;
  }
  const preferred = user.preferences.preferredMfa === undefined ? true : undefined;
  await setMfaPreference(app, pool, user, { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: preferred } });
  const next = await startSession(app, client, user.username, { challengeName: 'MFA', data: { ...session.data, setup: 'verified' } });
  return { Status: 'SUCCESS' as const, Session: next };
}
