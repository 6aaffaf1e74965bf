// USER_PASSWORD_AUTH (InitiateAuth) and ADMIN_USER_PASSWORD_AUTH (AdminInitiateAuth): the password
// itself, checked against its stored hash.
import { verifySecretHash } from '../secretHash.js';
import { finishSignIn } from '../finish.js';
import { checkPassword, requireParameter, signInUser } from '../signIn.js';
import type { Flow, FlowRequest } from '../types.js';

async function start(request: FlowRequest) {
  const { ctx, pool, client, parameters } = request;
  const name = requireParameter(parameters, 'USERNAME');
  const password = requireParameter(parameters, 'PASSWORD');
  const found = await signInUser(request, name, { password, secretHash: parameters.SECRET_HASH });
  verifySecretHash(client, parameters.SECRET_HASH, [name, found?.username ?? name]);
  const user = await checkPassword(ctx.app, pool, name, found, password);
  return finishSignIn(request, user, { password });
}

export const userPasswordFlow: Flow = { clientFlow: 'ALLOW_USER_PASSWORD_AUTH', only: 'public', start };
export const adminUserPasswordFlow: Flow = { clientFlow: 'ALLOW_ADMIN_USER_PASSWORD_AUTH', only: 'admin', start };
