// Who may manage passkeys: the signed-in user of a valid access token (src/tokens/authorize.ts),
// unless an administrator has required a password reset.
import { errors } from '../protocol/errors.js';
import type { Authorized } from '../tokens/authorize.js';

export function admitPasskeyOwner(authorized: Authorized): Authorized {
  if (authorized.user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
  return authorized;
}
