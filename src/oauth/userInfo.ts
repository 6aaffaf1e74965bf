// GET or POST /oauth2/userInfo: the signed-in user's attributes, for an access token of a sign-in
// through the domain that has the openid scope, each group of attributes as its scope allows (OpenID
// Connect Core 5.4): email, phone, profile (the other attributes), or all of them with
// aws.cognito.signin.user.admin. A token that is missing, invalid or lacks openid answers 401.
import type { App } from '../app.js';
import { CognitoError } from '../protocol/errors.js';
import { ADMIN_SCOPE } from '../tokens/issue.js';
import { authorizeAccessToken } from '../tokens/authorize.js';
import type { OAuthAnswer } from './token.js';

const SCOPED: Record<string, string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

export async function userInfoEndpoint(app: App, poolId: string, authorization: string | undefined): Promise<OAuthAnswer & { headers?: Record<string, string> }> {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const refuse = (description: string) => ({
    status: 401,
    body: { error: 'invalid_token', error_description: description },
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  });
  if (!token) return refuse('An access token is required: Authorization: Bearer <access token>.');
  let authorized;
  try {
    authorized = await authorizeAccessToken(app, token, 'openid');
  } catch (error) {
    if (error instanceof CognitoError && error.status < 500) return refuse(error.message);
    throw error;
  }
  if (authorized.pool.id !== poolId) return refuse('The access token is of another user pool.');
  const scopes = authorized.claims.scope.split(' ');
  const { sub, ...attributes } = authorized.user.attributes;
  void sub;
  const shown = Object.entries(attributes).filter(([name]) => {
    if (scopes.includes(ADMIN_SCOPE)) return true;
    const scope = Object.keys(SCOPED).find((s) => SCOPED[s]!.includes(name));
    return scope ? scopes.includes(scope) : scopes.includes('profile');
  });
  return { status: 200, body: { sub: authorized.user.sub, ...Object.fromEntries(shown), username: authorized.user.username } };
}
