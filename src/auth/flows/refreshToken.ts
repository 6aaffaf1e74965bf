// REFRESH_TOKEN_AUTH (and its older spelling REFRESH_TOKEN): new access and ID tokens from a refresh
// token. Clients with refresh-token rotation must use GetTokensFromRefreshToken instead (developer
// guide, "Refresh tokens").
import { errors } from '../../protocol/errors.js';
import { redeemableRefreshToken, renewTokens, rotationEnabled } from '../../tokens/refresh.js';
import { verifyRefreshSecretHash } from '../secretHash.js';
import { requireParameter } from '../signIn.js';
import type { AuthStep, Flow, FlowRequest } from '../types.js';

async function start(request: FlowRequest): Promise<AuthStep> {
  const { ctx, pool, client, parameters } = request;
  if (rotationEnabled(client)) {
    throw errors.refreshFlowWithRotation(request.flow);
  }
  const token = requireParameter(parameters, 'REFRESH_TOKEN');
  const grant = await redeemableRefreshToken(ctx.app, pool, client, token, parameters.DEVICE_KEY);
  ctx.note({ user: grant.user.username });
  verifyRefreshSecretHash(client, parameters.SECRET_HASH, grant.user.username);
  return { ChallengeParameters: {}, AuthenticationResult: await renewTokens(ctx, pool, client, grant, false) };
}

export const refreshTokenFlow: Flow = { clientFlow: 'ALLOW_REFRESH_TOKEN_AUTH', start };
