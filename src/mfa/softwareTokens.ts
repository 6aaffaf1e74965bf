// Software token (TOTP) MFA: associating an authenticator, verifying it with its first code, and
// checking codes at sign-in. A code counts as a guess of the user's codes (the per-user lockout of
// src/auth/attempts.ts), and a code once accepted is not accepted again within its window: the store
// records the time step of the last one in the statement that accepts it. Keys are sealed at rest
// under KEYPOOL_KEY_ENCRYPTION_KEY when one is set, as signing keys are.
import type { App } from '../app.js';
import { judgeGuess } from '../auth/attempts.js';
import { errors, type CognitoError } from '../protocol/errors.js';
import type { SoftwareTokenRecord, UserRecord } from '../store/records.js';
import { openPrivateKey, sealPrivateKey } from '../tokens/keyEncryption.js';
import { matchingStep, newTotpSecret } from './totp.js';

const sealingId = (user: UserRecord) => `totp/${user.username}`;

const seal = (app: App, user: UserRecord, secret: string): string =>
  app.config.keyEncryptionKey ? sealPrivateKey(secret, app.config.keyEncryptionKey, user.poolId, sealingId(user)) : secret;

const open = (app: App, user: UserRecord, stored: string): string => openPrivateKey(stored, app.config.keyEncryptionKey, user.poolId, sealingId(user));

/** A new key for the user's authenticator, kept until VerifySoftwareToken confirms it; the key in use stays in use until then. */
export async function associateSoftwareToken(app: App, user: UserRecord): Promise<string> {
  const secret = newTotpSecret();
  if (!(await app.store.softwareTokens.associate(user.poolId, user.username, seal(app, user, secret), app.clock.now()))) {
    throw errors.userNotFound('the user was deleted meanwhile');
  }
  return secret;
}

/** One guess at a TOTP code of `secret`, counted toward the user's code lockout: the step it belongs to, or undefined. */
async function guessStep(app: App, user: UserRecord, secret: string, code: string, lockedOut: (detail: string) => CognitoError) {
  let step: number | undefined;
  await judgeGuess(app, { poolId: user.poolId, subject: user.username, kind: 'CODE', lockedOut }, async () => {
    step = matchingStep(secret, code, app.clock.now());
    return step !== undefined;
  });
  return step;
}

/** VerifySoftwareToken: the first code of the associated key makes it the user's authenticator. */
export async function verifySoftwareToken(app: App, user: UserRecord, code: string, friendlyName: string | undefined): Promise<void> {
  const token = await app.store.softwareTokens.get(user.poolId, user.username);
  if (!token?.pendingSecret) throw errors.softwareTokenNotAssociated();
  const step = await guessStep(app, user, open(app, user, token.pendingSecret), code, errors.attemptLimit);
  if (step === undefined) throw errors.softwareTokenMismatch('wrong code for the associated key');
  const verified = await app.store.softwareTokens.verify(user.poolId, user.username, token.pendingSecret, friendlyName, step, app.clock.now());
  if (!verified) throw errors.softwareTokenMismatch('another AssociateSoftwareToken or VerifySoftwareToken came first');
}

/** The user's verified authenticator; undefined while none is verified. */
export async function verifiedSoftwareToken(app: App, user: UserRecord): Promise<SoftwareTokenRecord | undefined> {
  const token = await app.store.softwareTokens.get(user.poolId, user.username);
  return token?.secret === undefined ? undefined : token;
}

/** SOFTWARE_TOKEN_MFA at sign-in: a wrong code is Cognito's CodeMismatchException, a code used before ExpiredCodeException. */
export async function checkSoftwareTokenCode(app: App, user: UserRecord, code: string): Promise<void> {
  const token = await app.store.softwareTokens.get(user.poolId, user.username);
  if (!token?.secret) throw errors.otpMismatch('the user has no verified software token');
  const step = await guessStep(app, user, open(app, user, token.secret), code, errors.otpMismatch);
  if (step === undefined) throw errors.otpMismatch('wrong TOTP code');
  if (!(await app.store.softwareTokens.useStep(user.poolId, user.username, step))) throw errors.softwareTokenReused();
}
