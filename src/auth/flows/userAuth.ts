// USER_AUTH: choice-based sign-in (passkey, one-time code or password). InitiateAuth names the user
// and may prefer a first factor, or carry ConfirmSignUp's Session instead of one; see ../userAuth/ for
// the factors and how the choice is made.
import { errors } from '../../protocol/errors.js';
import { verifySecretHash } from '../secretHash.js';
import { requireParameter } from '../signIn.js';
import type { Flow, FlowRequest } from '../types.js';
import { signInAfterSignUp } from '../userAuth/afterSignUp.js';
import { startFirstFactor } from '../userAuth/choice.js';
import { firstFactors, isFirstFactor } from '../userAuth/factors.js';
import { findCandidate } from '../userAuth/steps.js';

async function start(request: FlowRequest) {
  const { pool, client, parameters } = request;
  if (pool.settings.UserPoolTier === 'LITE') {
    throw errors.userAuthInLite('USER_AUTH needs the Essentials tier or higher');
  }
  const name = requireParameter(parameters, 'USERNAME');
  if (request.session !== undefined) return signInAfterSignUp(request, name);
  const preferred = parameters.PREFERRED_CHALLENGE || undefined;
  if (preferred !== undefined && !isFirstFactor(preferred)) {
    throw errors.preferredChallengeInvalid(Object.keys(firstFactors));
  }
  const candidate = await findCandidate(request, name);
  verifySecretHash(client, parameters.SECRET_HASH, [name, candidate.user?.username ?? name]);
  return startFirstFactor(request, candidate, parameters, preferred);
}

export const userAuthFlow: Flow = { clientFlow: 'ALLOW_USER_AUTH', start };
