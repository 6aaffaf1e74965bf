// Who may manage passkeys: the signed-in user of a valid access token (src/tokens/authorize.ts),
// unless an administrator has required a password reset.
import type { RequestContext } from '../app.js';
import { errors } from '../protocol/errors.js';
import { authorizeAccessToken, type Authorized } from '../tokens/authorize.js';

export async function authorizePasskeyOwner(ctx: RequestContext, accessToken: string): Promise<Authorized> {
  const authorized = await authorizeAccessToken(ctx, accessToken);
  if (authorized.user.status === 'RESET_REQUIRED') throw errors.passwordResetRequired();
  return authorized;
}
