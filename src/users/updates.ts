// Changing a user's attributes (AdminUpdateUserAttributes, UpdateUserAttributes, and the attributes a
// user supplies when answering NEW_PASSWORD_REQUIRED): a new email or phone number is unverified until
// the user proves it, and with AttributesRequireVerificationBeforeUpdate the old value stays in force
// meanwhile (docs: "Verifying updates to email addresses and phone numbers").
import { createHash } from 'node:crypto';
import type { AttributeType, CodeDeliveryDetailsType } from '../protocol/shapes.generated.js';
import type { App, RequestScope } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { saveUser } from './accounts.js';
import { deliverCode } from './messages.js';
import { checkAttributes, type Writer } from './schema.js';

/** The attributes a code verifies, and the channel it goes by. */
export const VERIFIABLE = [
  { kind: 'email', channel: 'EMAIL' },
  { kind: 'phone_number', channel: 'SMS' },
] as const;

export type Verifiable = (typeof VERIFIABLE)[number];

export const verificationPurpose = (attribute: string): string => `VERIFY_${attribute}`;

/**
 * A verification code is kept for the value it went to: a code sent to an address the user has since
 * changed is not found (ExpiredCodeException), so it can never verify another value.
 */
export const verificationCodeKey = (attribute: string, destination: string): string =>
  `${verificationPurpose(attribute)}:${createHash('sha256').update(destination).digest('hex').slice(0, 32)}`;

/**
 * Sends a code that verifies `destination` as the user's `kind`: for a change of it
 * (UpdateUserAttribute), or asked for (VerifyUserAttribute).
 */
export const sendVerificationCode = (
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  item: Verifiable,
  destination: string,
  source: 'UpdateUserAttribute' | 'VerifyUserAttribute',
) =>
  deliverCode(ctx, pool, user, verificationPurpose(item.kind), item.channel, {
    source,
    destination,
    keptAs: verificationCodeKey(item.kind, destination),
  });

/** The value a code for `attribute` goes to and verifies: the pending new value, else the current one. */
export const valueToVerify = (user: UserRecord, attribute: Verifiable['kind']): string | undefined =>
  user.preferences.pendingAttributes?.[attribute] ?? user.attributes[attribute];

/** An attribute change checked and worked out but not saved yet: the user as they will be, and what to verify once saved. */
export interface AttributeChange {
  user: UserRecord;
  toVerify: readonly Verifiable[];
}

/** Checks `list` as `writer` may write it and works out the user it makes; throws, changing nothing, when it is refused. */
export function changeAttributes(
  app: App,
  pool: PoolRecord,
  user: UserRecord,
  list: AttributeType[] | undefined,
  writer: Writer,
): AttributeChange {
  const changes = checkAttributes(pool, list, writer, { creating: false, existing: user.attributes });
  const attributes = { ...user.attributes, ...changes };
  const pending = { ...user.preferences.pendingAttributes };
  const toVerify: Verifiable[] = [];
  const autoVerified = pool.settings.AutoVerifiedAttributes ?? [];
  const keepUntilVerified = pool.settings.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];

  for (const item of VERIFIABLE) {
    const { kind } = item;
    const verifiedName = `${kind}_verified`;
    const value = changes[kind];
    if (value === undefined || value === user.attributes[kind]) continue;
    delete pending[kind];
    if (changes[verifiedName] === 'true') continue; // an administrator vouches for the new value
    if (value !== '' && autoVerified.includes(kind) && keepUntilVerified.includes(kind) && user.attributes[kind]) {
      attributes[kind] = user.attributes[kind]!;
      attributes[verifiedName] = user.attributes[verifiedName] ?? 'false';
      pending[kind] = value;
    } else {
      attributes[verifiedName] = 'false';
    }
    if (value !== '' && autoVerified.includes(kind)) toVerify.push(item);
  }

  return {
    user: {
      ...user,
      attributes,
      preferences: { ...user.preferences, pendingAttributes: Object.keys(pending).length ? pending : undefined },
      updatedAt: app.clock.now(),
    },
    toVerify,
  };
}

/** Sends a verification code for each new email or phone number of a saved change. */
export async function sendVerificationCodes(ctx: RequestScope, pool: PoolRecord, change: AttributeChange): Promise<CodeDeliveryDetailsType[]> {
  const { user, toVerify } = change;
  const deliveries: CodeDeliveryDetailsType[] = [];
  for (const item of toVerify) deliveries.push(await sendVerificationCode(ctx, pool, user, item, valueToVerify(user, item.kind)!, 'UpdateUserAttribute'));
  return deliveries;
}

export async function updateAttributes(
  ctx: RequestScope,
  pool: PoolRecord,
  user: UserRecord,
  list: AttributeType[] | undefined,
  writer: Writer,
): Promise<CodeDeliveryDetailsType[]> {
  const { app } = ctx;
  const change = changeAttributes(app, pool, user, list, writer);
  await saveUser(app, pool, change.user);
  return sendVerificationCodes(ctx, pool, change);
}
