// The client side of Cognito's SRP, as amazon-cognito-identity-js computes it, for contract tests
// that need to shape answers by hand (wrong password, odd TIMESTAMP, tampered block).
import { randomBytes } from 'node:crypto';
import { InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { N, computeU, computeX, fromBytes, fromHex, g, k, modPowN, passwordClaimSignature, poolNameOf, sessionKey, toHex } from '../../src/auth/srpMath.js';
import { formatSrpTimestamp } from '../../src/auth/srpTimestamp.js';

export class SrpTestClient {
  readonly a = fromBytes(randomBytes(128));
  readonly A = modPowN(g, this.a);
  readonly srpA = toHex(this.A);

  constructor(readonly poolId: string) {}

  /** The PASSWORD_VERIFIER ChallengeResponses for `password`, signed at `now` (or over `timestamp` as given). */
  answer(parameters: Record<string, string>, password: string, now: number, timestamp = formatSrpTimestamp(now)): Record<string, string> {
    const userId = parameters.USER_ID_FOR_SRP!;
    const B = fromHex(parameters.SRP_B!);
    const u = computeU(this.A, B);
    const x = computeX(fromHex(parameters.SALT!), poolNameOf(this.poolId), userId, password);
    const S = modPowN(B - ((k * modPowN(g, x)) % N), this.a + u * x);
    const block = Buffer.from(parameters.SECRET_BLOCK!, 'base64');
    const signature = passwordClaimSignature(sessionKey(u, S), poolNameOf(this.poolId), userId, block, timestamp);
    return {
      USERNAME: userId,
      PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: signature.toString('base64'),
    };
  }
}

/** InitiateAuth USER_SRP_AUTH for `username` with the client's SRP_A. */
export const startSrp = (cognito: CognitoIdentityProviderClient, clientId: string, srp: SrpTestClient, username: string) =>
  cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }));

/** RespondToAuthChallenge PASSWORD_VERIFIER with the given responses (and the Session of a USER_AUTH sign-in). */
export const answerSrp = (cognito: CognitoIdentityProviderClient, clientId: string, responses: Record<string, string>, session?: string) =>
  cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses, Session: session }));
