// Signing in straight after sign-up: ConfirmSignUp answers a Session that InitiateAuth USER_AUTH takes
// in place of a first factor, the confirmation code having proven one (API reference, InitiateAuth
// Session: "sign in a user directly from the sign-up process"). Once, within the app client's
// AuthSessionValidity, by the user who confirmed, from the same app client.
import type { App } from '../../app.js';
import { errors } from '../../protocol/errors.js';
import type { ClientRecord, UserRecord } from '../../store/records.js';
import { findUserBySignInName } from '../../users/attributes.js';
import { finishSignIn } from '../finish.js';
import { verifySecretHash } from '../secretHash.js';
import { consumeSession, peekSession, startSession } from '../sessions.js';
import { admitSignInUser } from '../signIn.js';
import type { AuthStep, FlowRequest } from '../types.js';

/** The Session ConfirmSignUp answers for the user it confirmed. */
export function signUpSession(app: App, client: ClientRecord, user: UserRecord): Promise<string> {
  return startSession(app, client, user.username, { challengeName: 'SIGN_UP_CONFIRMED', data: {} });
}

/**
 * InitiateAuth USER_AUTH with ConfirmSignUp's Session: tokens (or what the user must still do) without
 * another factor, MFA included: the confirmation code was the second factor of this first sign-in
 * (developer guide, "Adding MFA to a user pool").
 */
export async function signInAfterSignUp(request: FlowRequest, name: string): Promise<AuthStep> {
  const { ctx, pool, client, parameters } = request;
  const session = await peekSession(ctx.app, request.session, client, 'SIGN_UP_CONFIRMED');
  verifySecretHash(client, parameters.SECRET_HASH, [name, session.username]);
  const user = await findUserBySignInName(ctx.app.store, pool, name);
  if (user?.username !== session.username) throw errors.sessionUserMismatch('USERNAME names another user than the Session');
  await admitSignInUser(request, user);
  if (user.status !== 'CONFIRMED') throw errors.invalidSession(`the user is ${user.status}`);
  await consumeSession(ctx.app, request.session, client, 'SIGN_UP_CONFIRMED');
  return finishSignIn(request, user, { mfaDone: true });
}
