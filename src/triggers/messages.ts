// The triggers of every message keypool sends (src/users/messages.ts): CustomMessage, which words a
// message, and CustomEmailSender / CustomSMSSender, which send it themselves. A custom sender receives
// the code (or temporary password) encrypted with the AWS Encryption SDK as Cognito does, here under a
// raw AES keyring whose key is KEYPOOL_CUSTOM_SENDER_KEY, named by the pool's KMSKeyID (the README shows
// a function decrypting it).
import type { RequestScope } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { OutboxMessage, PoolRecord, UserRecord } from '../store/records.js';
import { eventAttributes, responseString, runTrigger, triggerArn, type TriggerName } from './run.js';

/** What a message is sent for: the suffix of its CustomMessage_, CustomEmailSender_ and CustomSMSSender_ sources. */
export type MessageSource =
  | 'SignUp'
  | 'AdminCreateUser'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'UpdateUserAttribute'
  | 'VerifyUserAttribute'
  | 'Authentication';

export interface MessageText {
  subject?: string;
  /** `{####}` stands for the code (or temporary password), `{username}` for the username of an invitation. */
  message: string;
}

/** The namespace of the raw keyring the custom senders' codes are encrypted under. */
export const CUSTOM_SENDER_KEY_NAMESPACE = 'keypool';

/** The AWS Encryption SDK (7 MiB in memory), loaded when a custom sender first needs it. */
let encryptionSdk: Promise<{ encrypt: EncryptFunction } & typeof import('@aws-crypto/raw-aes-keyring-node')> | undefined;
type EncryptFunction = ReturnType<typeof import('@aws-crypto/encrypt-node').buildEncrypt>['encrypt'];
const loadEncryptionSdk = () =>
  (encryptionSdk ??= Promise.all([import('@aws-crypto/encrypt-node'), import('@aws-crypto/raw-aes-keyring-node')]).then(([{ buildEncrypt }, keyrings]) => ({
    encrypt: buildEncrypt().encrypt,
    ...keyrings,
  })));

const SENDERS: Record<OutboxMessage['channel'], TriggerName> = { EMAIL: 'CustomEmailSender', SMS: 'CustomSMSSender' };

/** The custom sender function that sends the channel's messages instead of keypool, if the pool has one. */
export function customSender(pool: PoolRecord, channel: OutboxMessage['channel']): TriggerName | undefined {
  return triggerArn(pool, SENDERS[channel]) ? SENDERS[channel] : undefined;
}

/** Hands a code to the pool's custom sender of `channel`, encrypted: the function sends the message. */
export async function sendThroughCustomSender(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  channel: OutboxMessage['channel'],
  source: MessageSource,
  code: string,
): Promise<void> {
  const trigger = SENDERS[channel];
  const keyName = pool.settings.LambdaConfig?.KMSKeyID;
  const key = ctx.app.config.customSenderKey;
  if (!key || !keyName) {
    throw errors.lambdaUnreachable(
      trigger,
      'KMSInvalidStateException',
      key ? 'the pool has no LambdaConfig.KMSKeyID to name the key by' : 'set KEYPOOL_CUSTOM_SENDER_KEY to encrypt the codes custom senders receive',
    );
  }
  const { encrypt, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } = await loadEncryptionSdk();
  const keyring = new RawAesKeyringNode({
    keyName,
    keyNamespace: CUSTOM_SENDER_KEY_NAMESPACE,
    unencryptedMasterKey: new Uint8Array(key),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  const { result } = await encrypt(keyring, code, { encryptionContext: { 'userpool-id': pool.id } });
  await runTrigger(ctx, pool, trigger, {
    source: `${trigger}_${source}`,
    userName: user.username,
    request: {
      type: channel === 'EMAIL' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
      code: result.toString('base64'),
      userAttributes: eventAttributes(user),
    },
  });
}

/**
 * The message as the pool's CustomMessage function words it (its emailSubject, emailMessage or
 * smsMessage), or `text` where it has none or leaves them out.
 */
export async function customizedMessage(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  channel: OutboxMessage['channel'],
  source: MessageSource,
  text: MessageText,
): Promise<MessageText> {
  const response = await runTrigger(ctx, pool, 'CustomMessage', {
    source: `CustomMessage_${source}`,
    userName: user.username,
    request: {
      userAttributes: eventAttributes(user),
      codeParameter: '{####}',
      linkParameter: '{##Click Here##}',
      usernameParameter: source === 'AdminCreateUser' ? '{username}' : null,
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return text;
  if (channel === 'SMS') return { message: responseString(response, 'smsMessage') ?? text.message };
  return { subject: responseString(response, 'emailSubject') ?? text.subject, message: responseString(response, 'emailMessage') ?? text.message };
}
