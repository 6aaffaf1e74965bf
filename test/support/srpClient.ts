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
    return { USERNAME: userId, ...this.claim(parameters, poolNameOf(this.poolId), userId, password, timestamp) };
  }

  /** The DEVICE_PASSWORD_VERIFIER ChallengeResponses of a device: its group key stands for the pool name, its key for the user. */
  answerDevice(parameters: Record<string, string>, device: { deviceKey: string; deviceGroupKey: string; password: string }, now: number) {
    return {
      USERNAME: parameters.USERNAME!,
      DEVICE_KEY: device.deviceKey,
      ...this.claim(parameters, device.deviceGroupKey, device.deviceKey, device.password, formatSrpTimestamp(now)),
    };
  }

  private claim(parameters: Record<string, string>, poolName: string, userId: string, password: string, timestamp: string) {
    const B = fromHex(parameters.SRP_B!);
    const u = computeU(this.A, B);
    const x = computeX(fromHex(parameters.SALT!), poolName, userId, password);
    const S = modPowN(B - ((k * modPowN(g, x)) % N), this.a + u * x);
    const block = Buffer.from(parameters.SECRET_BLOCK!, 'base64');
    const signature = passwordClaimSignature(sessionKey(u, S), poolName, userId, block, timestamp);
    return { PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature.toString('base64') };
  }
}

/** InitiateAuth USER_SRP_AUTH for `username` with the client's SRP_A. */
export const startSrp = (cognito: CognitoIdentityProviderClient, clientId: string, srp: SrpTestClient, username: string) =>
  cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srp.srpA } }));

/** RespondToAuthChallenge PASSWORD_VERIFIER with the given responses (and the Session of a USER_AUTH sign-in). */
export const answerSrp = (cognito: CognitoIdentityProviderClient, clientId: string, responses: Record<string, string>, session?: string) =>
  cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses, Session: session }));
