// RevokeToken ends one sign-in: its refresh tokens and every access token carrying its origin_jti.
// As RFC 7009 §2.2 has it, a token the server does not know is not an error.
import { decodeProtectedHeader } from 'jose';
import { defineOperation } from '../app.js';
import { clientSecretMatches } from '../auth/secretHash.js';
import { requireClientAndPool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import { hashRefreshToken } from '../tokens/issue.js';

function isJwt(token: string): boolean {
  try {
    decodeProtectedHeader(token);
    return token.split('.').length === 3;
  } catch {
    return false;
  }
}

export default defineOperation({ name: 'RevokeToken', quota: 'UserToken' }, async (input, ctx) => {
  const { client } = await requireClientAndPool(ctx.app, input.ClientId);
  ctx.note({ pool: client.poolId, client: client.clientId });
  if (client.settings.EnableTokenRevocation === false) {
    throw errors.revocationDisabled();
  }
  if (!clientSecretMatches(client, input.ClientSecret)) throw errors.clientSecretMismatch(client.clientId, 'UnauthorizedException');
  const token = input.Token;
  if (isJwt(token)) throw errors.onlyRefreshTokensRevoked();
  const refresh = await ctx.app.store.tokens.getRefresh(hashRefreshToken(token));
  if (!refresh) return {};
  if (refresh.clientId !== client.clientId) {
    throw errors.refreshTokenOfAnotherClient();
  }
  ctx.note({ user: refresh.username });
  await ctx.app.store.tokens.revokeFamily(refresh.originJti, ctx.app.clock.now());
  return {};
});
