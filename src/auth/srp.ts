// Cognito's SRP sign-in, server side (cognito-srp.md §5-9): the PASSWORD_VERIFIER challenge that
// USER_SRP_AUTH, and PASSWORD_SRP inside USER_AUTH, start; and the check of its answer.
//
// The challenge state (A, b, who, which client) is a single-use record in the shared store; the
// SECRET_BLOCK the client echoes is 64 random bytes whose SHA-256 names that record. So any node
// sharing the database can check the answer, a replayed block finds the record spent, and a copy
// of the database alone does not yield usable blocks. A DEVICE_KEY in the answer goes on to device
// SRP (src/devices/deviceSrp.ts), which shares the arithmetic here.
import { createHash, timingSafeEqual } from 'node:crypto';
import { randomBytes } from '../random.js';
import { newSessionId } from '../ids.js';
import { revealsUserExistence } from '../pools/lookup.js';
import { errors } from '../protocol/errors.js';
import type { ChallengeResult, PasswordVerifierState, UserRecord } from '../store/records.js';
import { nextStep as nextCustomStep } from './flows/customAuth.js';
import { judgeGuess } from './attempts.js';
import { finishSignIn } from './finish.js';
import { verifySecretHash } from './secretHash.js';
import { isStep, startSession } from './sessions.js';
import { passwordGuess, refuseAfterPasswordProven, requireParameter } from './signIn.js';
import {
  N,
  computeB,
  computeServerS,
  computeU,
  fromBytes,
  fromHex,
  passwordClaimSignature,
  poolNameOf,
  sessionKey,
  toHex,
} from './srpMath.js';
import { formatSrpTimestamp, parseSrpTimestamp } from './srpTimestamp.js';
import type { AuthRequest, AuthStep, ChallengeRequest } from './types.js';
import { simulatedSrpIdentity, type SrpIdentity } from './unknownUsers.js';

export const PASSWORD_VERIFIER = 'PASSWORD_VERIFIER';

/** N is 768 hex digits; a little slack for leading zeros, and no more (an unbounded A is a CPU sink). */
const MAX_SRP_A_DIGITS = 770;
const DEFAULT_CLOCK_SKEW_MS = 5 * 60_000;
const SECRET_BLOCK_BYTES = 64;

const recordIdOf = (secretBlock: Buffer): string => createHash('sha256').update(secretBlock).digest('base64url');

/** SRP_A as an integer in [1, N), or InvalidParameterException. */
export function parseSrpA(hex: string): bigint {
  const A = hex.length <= MAX_SRP_A_DIGITS && /^[0-9a-fA-F]+$/.test(hex) ? fromHex(hex) : 0n;
  // A ≡ 0 (mod N) would make the shared secret 0 whatever the password; no real client sends A ≥ N.
  if (A === 0n || A >= N) throw errors.invalidSrpA(`SRP_A of ${hex.length} hex digits refused`);
  return A;
}

/**
 * Answers the PASSWORD_VERIFIER challenge from the client's SRP_A, for `user` or, where the app client
 * hides whether users exist, for nobody: a name nobody holds, or a user without a password, get a
 * made-up challenge that no answer passes. `withSession` adds a Session, as Cognito does inside
 * USER_AUTH (Amplify sends it back); USER_SRP_AUTH has none.
 */
export async function startPasswordVerifier(
  request: AuthRequest,
  name: string,
  user: UserRecord | undefined,
  srpA: string,
  withSession: boolean,
  customHistory?: ChallengeResult[],
): Promise<AuthStep> {
  const { ctx, pool, client } = request;
  const A = parseSrpA(srpA);
  const password = user?.password;
  if (user && !password && revealsUserExistence(client)) throw errors.incorrectCredentials('the user has no password');
  const subject = user?.username ?? name;
  const identity: SrpIdentity = password
    ? { userIdForSrp: subject, salt: password.srpSalt, verifier: password.srpVerifier }
    : simulatedSrpIdentity(ctx.app, pool, subject);
  const { b, B } = serverEphemeral(A, fromHex(identity.verifier));

  const secretBlock = randomBytes(SECRET_BLOCK_BYTES);
  const session = withSession ? newSessionId() : undefined;
  const state: PasswordVerifierState = { A: toHex(A), b: toHex(b), session, ...(password ? {} : { simulatedFor: subject }), ...(customHistory ? { customHistory } : {}) };
  await startSession(ctx.app, client, identity.userIdForSrp, { challengeName: PASSWORD_VERIFIER, data: state }, recordIdOf(secretBlock));
  return {
    ChallengeName: PASSWORD_VERIFIER,
    Session: session,
    ChallengeParameters: {
      SALT: identity.salt,
      SRP_B: toHex(B),
      SECRET_BLOCK: secretBlock.toString('base64'),
      // The internal username: the verifier and the client's signature are computed over it.
      USER_ID_FOR_SRP: identity.userIdForSrp,
      USERNAME: identity.userIdForSrp,
    },
  };
}

/** RespondToAuthChallenge PASSWORD_VERIFIER: checks the password claim, then finishes the sign-in. */
export async function answerPasswordVerifier(request: ChallengeRequest): Promise<AuthStep> {
  const { ctx, pool, client, responses } = request;
  const username = requireParameter(responses, 'USERNAME');
  const blockText = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  const signatureText = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  verifySecretHash(client, responses.SECRET_HASH, [username]);
  const instant = claimInstant(request, timestamp);
  const now = ctx.app.clock.now();

  const secretBlock = Buffer.from(blockText, 'base64');
  const consumed = await ctx.app.store.sessions.consume(recordIdOf(secretBlock), now);
  if (consumed.outcome !== 'ok') throw errors.incorrectCredentials(`secret block ${consumed.outcome}`);
  const record = consumed.record;
  if (!isStep(record, PASSWORD_VERIFIER) || record.poolId !== pool.id || record.clientId !== client.clientId) {
    throw errors.incorrectCredentials('secret block issued to another app client');
  }
  const state = record.data;
  if (state.session !== undefined && request.sessionToken !== state.session) {
    throw errors.invalidSession('the Session does not belong to this secret block');
  }
  if (username !== record.username) throw errors.incorrectCredentials('USERNAME is not the USER_ID_FOR_SRP of the challenge');

  const user = state.simulatedFor === undefined ? await challengedUser(request, record.username) : undefined;
  const verifier = user?.password?.srpVerifier ?? simulatedSrpIdentity(ctx.app, pool, state.simulatedFor!).verifier;
  const given = Buffer.from(signatureText, 'base64');
  const right = await judgeGuess(ctx.app, passwordGuess(pool.id, state.simulatedFor ?? record.username), async () => {
    const expected = expectedSignature(poolNameOf(pool.id), record.username, fromHex(verifier), state, secretBlock, instant);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!right || !user) throw errors.incorrectCredentials(user ? 'wrong password' : 'a made-up challenge (no such user, or no password)');
  if (state.customHistory) return nextCustomStep(request, user, [...state.customHistory, { challengeName: PASSWORD_VERIFIER, challengeResult: true }]);
  refuseAfterPasswordProven(ctx.app, pool, user);
  return finishSignIn(request, user);
}

/** The user a real challenge was issued to, as they stand now: gone, without a password or disabled, refused. */
async function challengedUser(request: ChallengeRequest, username: string): Promise<UserRecord> {
  const { ctx, pool } = request;
  const user = await ctx.app.store.users.get(pool.id, username);
  if (!user?.password) throw errors.incorrectCredentials('the user or their password is gone');
  ctx.note({ user: user.username });
  if (!user.enabled) throw errors.userDisabled();
  return user;
}

/**
 * The PASSWORD_CLAIM_SIGNATURE a client holding the right password computes (§6-7, §9). For a device
 * (DEVICE_PASSWORD_VERIFIER) the device group key stands for the pool name and the device key for the user.
 */
export function expectedSignature(
  poolName: string,
  userIdForSrp: string,
  verifier: bigint,
  state: { A: string; b: string },
  secretBlock: Buffer,
  instant: number,
): Buffer {
  const A = fromHex(state.A);
  const b = fromHex(state.b);
  const u = computeU(A, computeB(verifier, b));
  const key = sessionKey(u, computeServerS(A, verifier, u, b));
  // Signed over the canonical rendering, so a zero-padded day or a wrong weekday does not match.
  return passwordClaimSignature(key, poolName, userIdForSrp, secretBlock, formatSrpTimestamp(instant));
}

/** The server's secret b and public B for the client's A; B = 0 and u = 0 are refused by every client, so another b is drawn. */
export function serverEphemeral(A: bigint, verifier: bigint): { b: bigint; B: bigint } {
  for (;;) {
    const b = fromBytes(randomBytes(32));
    const B = computeB(verifier, b);
    if (B !== 0n && computeU(A, B) !== 0n) return { b, B };
  }
}

/** The instant of a claim's TIMESTAMP, refused when malformed or further from now than the allowed clock skew. */
export function claimInstant(request: AuthRequest, timestamp: string): number {
  const instant = parseSrpTimestamp(timestamp);
  if (instant === undefined) throw errors.srpTimestampFormat();
  const now = request.ctx.app.clock.now();
  const skew = request.ctx.app.config.srpClockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  if (Math.abs(now - instant) > skew) throw errors.incorrectCredentials(`TIMESTAMP is ${Math.round((now - instant) / 1000)} s off`);
  return instant;
}
