// Authorization codes (RFC 6749 §4.1): single-use, 5 minutes, bound to the app client, the
// redirect_uri and (PKCE, RFC 7636) the code challenge of the /oauth2/authorize request that made
// them. The store keeps only a hash of the code, as a one-time record beside sign-in sessions.
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../random.js';
import type { App } from '../app.js';
import { consumeSession } from '../auth/sessions.js';
import { CognitoError } from '../protocol/errors.js';
import type { AuthorizationCodeState, AuthSessionRecord, ClientRecord, UserRecord } from '../store/records.js';

export const CODE_LIFETIME_MS = 5 * 60_000;

const recordId = (code: string): string => createHash('sha256').update(code).digest('base64url');

/** A new code for `user`, signed in for `client` through the domain. */
export async function issueAuthorizationCode(app: App, client: ClientRecord, user: UserRecord, state: AuthorizationCodeState): Promise<string> {
  const code = randomBytes(24).toString('base64url');
  const now = app.clock.now();
  await app.store.sessions.create({
    id: recordId(code),
    poolId: client.poolId,
    clientId: client.clientId,
    username: user.username,
    challengeName: 'AUTHORIZATION_CODE',
    data: state,
    createdAt: now,
    expiresAt: now + CODE_LIFETIME_MS,
  });
  return code;
}

/** Why a code cannot be redeemed, for the token endpoint's invalid_grant. */
export class CodeRefused extends Error {}

/**
 * Redeems a code for `client` (once, even when refused after being found): the sign-in it stands
 * for, checked against the redirect_uri and the PKCE verifier of the token request.
 */
export async function redeemAuthorizationCode(
  app: App,
  client: ClientRecord,
  code: string,
  redirectUri: string | null,
  verifier: string | null,
): Promise<AuthSessionRecord<'AUTHORIZATION_CODE'>> {
  let record: AuthSessionRecord<'AUTHORIZATION_CODE'>;
  try {
    record = await consumeSession(app, recordId(code), client, 'AUTHORIZATION_CODE');
  } catch (error) {
    if (error instanceof CognitoError) throw new CodeRefused(`the code is unknown, used, expired or another client's (${error.detail ?? error.message})`);
    throw error;
  }
  const { data } = record;
  if (redirectUri !== data.redirectUri) throw new CodeRefused('redirect_uri is not the one the code was issued for');
  if (data.codeChallenge !== undefined) {
    if (!verifier) throw new CodeRefused('code_verifier is required: the authorization request had a code_challenge');
    const computed = data.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    const [a, b] = [Buffer.from(computed), Buffer.from(data.codeChallenge)];
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new CodeRefused('code_verifier does not match the code_challenge');
  }
  return record;
}
