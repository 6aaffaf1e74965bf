import { defineOperation } from '../app.js';
import { clientSecretMatches } from '../auth/secretHash.js';
import { requireClientAndPool } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import { redeemableRefreshToken, renewTokens } from '../tokens/refresh.js';

export default defineOperation({ name: 'GetTokensFromRefreshToken', quota: 'UserAuthentication' }, async (input, ctx) => {
  const { pool, client } = await requireClientAndPool(ctx.app, input.ClientId);
  ctx.note({ pool: pool.id, client: client.clientId });
  if (!clientSecretMatches(client, input.ClientSecret)) throw errors.clientSecretMismatch(client.clientId);
  const grant = await redeemableRefreshToken(ctx.app, pool, client, input.RefreshToken, input.DeviceKey);
  ctx.note({ user: grant.user.username });
  return { AuthenticationResult: await renewTokens(ctx, pool, client, grant, true) };
});
