// NEW_PASSWORD_REQUIRED: a user created by an administrator with a temporary password chooses their
// own, and supplies any required attribute they lack as "userAttributes.<name>". Those attributes
// follow the rules of UpdateUserAttributes, on the same code path: only what the app client may
// write, no immutable attribute already set, no *_verified claim, and a new email or phone number is
// unverified (with a code sent when the pool verifies it). The answer is checked before the session
// is spent, so that a refused password can be corrected with the same session.
import type { AttributeType } from '../../protocol/shapes.generated.js';
import { errors } from '../../protocol/errors.js';
import { saveUser } from '../../users/accounts.js';
import { findUserBySignInName } from '../../users/attributes.js';
import { createPasswordCredential, enforcePasswordPolicy } from '../../users/passwords.js';
import { changeAttributes, sendVerificationCodes } from '../../users/updates.js';
import { finishSignIn, missingRequiredAttributes } from '../finish.js';
import { verifySecretHash } from '../secretHash.js';
import { consumeSession, noteSession, peekSession, userOfSession } from '../sessions.js';
import { requireParameter } from '../signIn.js';
import type { AuthStep, Challenge, ChallengeRequest } from '../types.js';

const ATTRIBUTE_PREFIX = 'userAttributes.';

function attributesAnswered(responses: Record<string, string>): AttributeType[] {
  return Object.entries(responses)
    .filter(([key]) => key.startsWith(ATTRIBUTE_PREFIX))
    .map(([key, Value]) => ({ Name: key.slice(ATTRIBUTE_PREFIX.length), Value }));
}

async function answer(request: ChallengeRequest): Promise<AuthStep> {
  const { ctx, pool, client, responses } = request;
  const name = requireParameter(responses, 'USERNAME');
  const newPassword = requireParameter(responses, 'NEW_PASSWORD');
  const session = await peekSession(ctx.app, request.sessionToken, client, 'NEW_PASSWORD_REQUIRED');
  noteSession(request, session);
  // A deleted user's Sessions go with them (Store.users.delete); one deleted meanwhile is answered alike.
  const user = await userOfSession(ctx.app, session);
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw errors.invalidSession('the user no longer awaits a new password');
  const named = name === user.username ? user : await findUserBySignInName(ctx.app.store, pool, name);
  if (named?.username !== user.username) {
    throw errors.invalidSession(`USERNAME ${name} is not the user of the Session`);
  }
  verifySecretHash(client, responses.SECRET_HASH, [name, user.username]);

  const change = changeAttributes(ctx.app, pool, user, attributesAnswered(responses), { kind: 'client', client });
  const missing = missingRequiredAttributes(pool, change.user.attributes);
  if (missing.length > 0) throw errors.requiredAttributeMissing(missing[0]!);
  enforcePasswordPolicy(pool, newPassword, 'Password does not conform to policy: ');

  const consumed = await consumeSession(ctx.app, request.sessionToken, client, 'NEW_PASSWORD_REQUIRED');
  const now = ctx.app.clock.now();
  const updated = {
    ...change.user,
    status: 'CONFIRMED' as const,
    password: await createPasswordCredential(pool.id, user.username, newPassword, false, now),
    updatedAt: now,
  };
  await saveUser(ctx.app, pool, updated);
  await sendVerificationCodes(ctx, pool, { ...change, user: updated });
  return finishSignIn(request, updated, { kept: consumed.data });
}

export const newPasswordRequiredChallenge: Challenge = { answer };
