// The answer to a step after the first factor (MFA, device SRP): it must come for the user the
// Session was started for, named by username or alias, with the SECRET_HASH of a confidential client.
import { errors } from '../protocol/errors.js';
import type { UserRecord } from '../store/records.js';
import { findUserBySignInName } from '../users/attributes.js';
import { verifySecretHash } from './secretHash.js';
import { userOfSession } from './sessions.js';
import { requireParameter } from './signIn.js';
import type { StepRequest } from './types.js';

export type ProvenStep = 'MFA' | 'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER';

/** The user of the Session as they stand now: gone or disabled since the sign-in began, refused. */
export async function answeringUser(request: StepRequest<ProvenStep>): Promise<UserRecord> {
  const { ctx, pool, client, responses, session } = request;
  const given = requireParameter(responses, 'USERNAME');
  if (given !== session.username) {
    const named = await findUserBySignInName(ctx.app.store, pool, given);
    if (named?.username !== session.username) throw errors.sessionUserMismatch('USERNAME names another user than the Session');
  }
  verifySecretHash(client, responses.SECRET_HASH, [given, session.username]);
  return userOfSession(ctx.app, session);
}
