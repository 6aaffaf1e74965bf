// Every message keypool would send by email or SMS lands in the operator outbox instead
// (GET /_keypool/outbox). Codes are stored only as SHA-256 hashes; the plain code exists in the
// outbox message alone and is never logged nor returned by the API.
import { createHash } from 'node:crypto';
import type { CodeDeliveryDetailsType } from '../protocol/shapes.generated.js';
import type { App, RequestScope } from '../app.js';
import { judgeGuess } from '../auth/attempts.js';
import { newCode, newSortableId } from '../ids.js';
import { CognitoError, errors } from '../protocol/errors.js';
import { exportDeliveryError } from '../logDelivery/export.js';
import type { CodeRecord, OutboxMessage, PoolRecord, UserRecord } from '../store/records.js';
import type { ConsumeOutcome } from '../store/store.js';
import { customizedMessage, customSender, sendThroughCustomSender, type MessageSource, type MessageText } from '../triggers/messages.js';

export type Channel = OutboxMessage['channel'];

/** Confirmation and verification codes live 24 hours (Cognito's validity for sign-up codes). */
export const CODE_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The purpose of the code that confirms a self-registered user. */
export const SIGN_UP_PURPOSE = 'SIGN_UP';

export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** The attribute a channel delivers to. */
export const channelAttribute = (channel: Channel): 'email' | 'phone_number' => (channel === 'EMAIL' ? 'email' : 'phone_number');

/** Cognito shows where a code went without revealing it: j***@e*** (first letters only), +*******4567. */
export function maskDestination(channel: Channel, destination: string): string {
  if (channel === 'SMS') return `+${'*'.repeat(Math.max(destination.length - 5, 0))}${destination.slice(-4)}`;
  const [local = '', domain = ''] = destination.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

export function deliveryDetails(channel: Channel, destination: string): CodeDeliveryDetailsType {
  return { Destination: maskDestination(channel, destination), DeliveryMedium: channel, AttributeName: channelAttribute(channel) };
}

/** The text of a verification message ({####} for the code): the pool's template, or Cognito's default. */
function verificationText(pool: PoolRecord, channel: Channel): MessageText {
  const s = pool.settings;
  const template = s.VerificationMessageTemplate;
  if (channel === 'SMS') return { message: template?.SmsMessage ?? s.SmsVerificationMessage ?? 'Your verification code is {####}. ' };
  return {
    subject: template?.EmailSubject ?? s.EmailVerificationSubject ?? 'Your verification code',
    message: template?.EmailMessage ?? s.EmailVerificationMessage ?? 'Your verification code is {####}. ',
  };
}

/**
 * Sends a message with a secret in it (a code, or an invitation's temporary password) for `source`:
 * through the pool's custom sender of the channel if it has one, else to the outbox, worded by its
 * CustomMessage function if it has one, else by `text`; `{####}` in the text stands for the secret,
 * `{username}` for `username`.
 */
export async function sendSecretMessage(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  message: { channel: Channel; destination: string; purpose: string; source: MessageSource; secret: string; text: MessageText; username?: string },
): Promise<void> {
  const { app } = ctx;
  const { channel, source, secret } = message;
  const sender = customSender(pool, channel);
  try {
    if (sender) return await sendThroughCustomSender(ctx, pool, user, channel, source, secret);
    const text = await customizedMessage(ctx, pool, user, channel, source, message.text);
    const fill = (value: string) => value.replaceAll('{####}', secret).replaceAll('{username}', message.username ?? '{username}');
    await queueMessage(app, {
      poolId: pool.id,
      username: user.username,
      channel,
      destination: message.destination,
      purpose: message.purpose,
      subject: text.subject === undefined ? undefined : fill(text.subject),
      message: fill(text.message),
      code: secret,
    });
  } catch (error) {
    exportDeliveryError(app, pool.id, deliveryFailure(channel, source, sender, error));
    throw error;
  }
}

/**
 * What a failed delivery's log record says: the channel, what for, through what, and the error's type;
 * never the message, its code, nor the text a function threw (which may quote them).
 */
function deliveryFailure(channel: Channel, source: MessageSource, sender: string | undefined, error: unknown): string {
  const reason = error instanceof CognitoError ? error.type : 'InternalErrorException';
  const by = sender ? `through ${sender}` : 'to the outbox';
  return `${channel === 'EMAIL' ? 'Email' : 'SMS'} message delivery error (${source}, ${by}): ${reason}`;
}

export interface DeliverOptions {
  /** What the code is sent for, as the message triggers hear it. */
  source: MessageSource;
  /** Where to send, when not the user's current attribute (a pending new email, say). */
  destination?: string;
  /** How long the code stays valid; 24 hours unless said. */
  lifetimeMs?: number;
  /** The message, when not the pool's verification template; `{####}` stands for the code. */
  text?: MessageText;
  /** The purpose the code is kept (and redeemed) under, when narrower than the message's `purpose`. */
  keptAs?: string;
}

/** Writes one message to the outbox (when the operator keeps one) and logs that it was queued, never its content. */
export async function queueMessage(app: App, message: Omit<OutboxMessage, 'id' | 'createdAt'>): Promise<void> {
  const queued = app.config.outbox;
  if (queued) await app.store.outbox.add({ ...message, id: newSortableId(app.clock.now()), createdAt: app.clock.now() });
  app.log.info(
    { pool: message.poolId, user: message.username, channel: message.channel, purpose: message.purpose, queued },
    queued ? 'message queued in the outbox' : 'message dropped: the outbox is off',
  );
}

/**
 * Creates a six-digit code for `purpose` (SIGN_UP, FORGOT_PASSWORD, VERIFY_email, a sign-in OTP, ...),
 * keeps its hash (replacing the user's previous code for that purpose) and sends it by `channel`.
 */
export async function deliverCode(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  purpose: string,
  channel: Channel,
  options: DeliverOptions,
): Promise<CodeDeliveryDetailsType> {
  const destination = options.destination ?? user.attributes[channelAttribute(channel)];
  if (!destination) throw errors.internal(`no ${channelAttribute(channel)} to deliver a ${purpose} code to`);
  const { app } = ctx;
  const code = newCode();
  const now = app.clock.now();
  await app.store.codes.put({
    poolId: pool.id,
    username: user.username,
    purpose: options.keptAs ?? purpose,
    codeHash: hashCode(code),
    expiresAt: now + (options.lifetimeMs ?? CODE_LIFETIME_MS),
    attempts: 0,
  });
  await sendSecretMessage(ctx, pool, user, {
    channel,
    destination,
    purpose,
    source: options.source,
    secret: code,
    text: options.text ?? verificationText(pool, channel),
  });
  return deliveryDetails(channel, destination);
}

/** Wrong guesses a confirmation or reset code survives; then only a new code (resend) helps. */
export const MAX_CODE_ATTEMPTS = 5;

/**
 * One guess at the user's code for `purpose`, as an attempt of their CODE lockout, shared by codes of
 * every purpose: reserved before the comparison, refused with `lockedOut` while locked out. After
 * `maxAttempts` wrong guesses the code itself is spent (within the redeeming statement).
 */
export async function guessCode(
  app: App,
  user: UserRecord,
  purpose: string,
  code: string,
  limits: { maxAttempts: number; lockedOut: (detail: string) => CognitoError },
): Promise<ConsumeOutcome<CodeRecord>> {
  const { store, clock } = app;
  let result: ConsumeOutcome<CodeRecord> = { outcome: 'unknown' };
  await judgeGuess(app, { poolId: user.poolId, subject: user.username, kind: 'CODE', lockedOut: limits.lockedOut }, async () => {
    result = await store.codes.redeem(user.poolId, user.username, purpose, hashCode(code), clock.now(), limits.maxAttempts);
    return result.outcome === 'ok';
  });
  return result;
}

/**
 * Redeems a code with Cognito's answers: a wrong code is CodeMismatchException; after
 * MAX_CODE_ATTEMPTS wrong ones, or while the user is locked out of codes, LimitExceededException,
 * even for the right code; an expired, superseded or missing one is ExpiredCodeException.
 */
export async function redeemCode(app: App, user: UserRecord, purpose: string, code: string): Promise<void> {
  const result = await guessCode(app, user, purpose, code, { maxAttempts: MAX_CODE_ATTEMPTS, lockedOut: errors.attemptLimit });
  if (result.outcome === 'ok') return;
  if (result.outcome === 'used' && result.record.attempts > MAX_CODE_ATTEMPTS) {
    throw errors.attemptLimit(`${purpose} code: ${result.record.attempts - 1} wrong attempts already`);
  }
  if (result.outcome === 'used') throw errors.codeMismatch(`wrong ${purpose} code`);
  throw errors.codeExpired(`${purpose} code ${result.outcome}`);
}

/**
 * The channel Cognito uses for a user's sign-up code: SMS when the pool auto-verifies phone numbers and
 * the user has one (Cognito sends one code, to the phone first, when both are auto-verified), else email
 * likewise; undefined when neither applies.
 */
export function verificationChannel(pool: PoolRecord, attributes: Record<string, string>): Channel | undefined {
  const auto = pool.settings.AutoVerifiedAttributes ?? [];
  if (auto.includes('phone_number') && attributes.phone_number) return 'SMS';
  if (auto.includes('email') && attributes.email) return 'EMAIL';
  return undefined;
}
