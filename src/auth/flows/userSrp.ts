// USER_SRP_AUTH: the client proves the password without sending it (cognito-srp.md §5). The answer
// is the PASSWORD_VERIFIER challenge, without a Session, as Cognito sends it.
import { verifySecretHash } from '../secretHash.js';
import { requireParameter, signInUser } from '../signIn.js';
import { startPasswordVerifier } from '../srp.js';
import type { Flow, FlowRequest } from '../types.js';

async function start(request: FlowRequest) {
  const { client, parameters } = request;
  const name = requireParameter(parameters, 'USERNAME');
  const srpA = requireParameter(parameters, 'SRP_A');
  const user = await signInUser(request, name);
  verifySecretHash(client, parameters.SECRET_HASH, [name, user?.username ?? name]);
  return startPasswordVerifier(request, name, user, srpA, false);
}

export const userSrpFlow: Flow = { clientFlow: 'ALLOW_USER_SRP_AUTH', start };
