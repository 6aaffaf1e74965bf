// Changing a user's attributes (AdminUpdateUserAttributes, UpdateUserAttributes): a new email or phone
// number is unverified until the user proves it, and with AttributesRequireVerificationBeforeUpdate the
// old value stays in force meanwhile (docs: "Verifying updates to email addresses and phone numbers").
import type { AttributeType, CodeDeliveryDetailsType } from '../protocol/shapes.generated.js';
import type { RequestContext } from '../app.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { saveUser } from './accounts.js';
import { deliverCode } from './messages.js';
import { checkAttributes, type Writer } from './schema.js';

const VERIFIABLE = [
  { kind: 'email', channel: 'EMAIL' },
  { kind: 'phone_number', channel: 'SMS' },
] as const;

export const verificationPurpose = (attribute: string): string => `VERIFY_${attribute}`;

export async function updateAttributes(
  ctx: RequestContext,
  pool: PoolRecord,
  user: UserRecord,
  list: AttributeType[] | undefined,
  writer: Writer,
): Promise<CodeDeliveryDetailsType[]> {
  const changes = checkAttributes(pool, list, writer, { creating: false, existing: user.attributes });
  const attributes = { ...user.attributes, ...changes };
  const pending = { ...user.preferences.pendingAttributes };
  const toVerify: (typeof VERIFIABLE)[number][] = [];
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

  const updated: UserRecord = {
    ...user,
    attributes,
    preferences: { ...user.preferences, pendingAttributes: Object.keys(pending).length ? pending : undefined },
    updatedAt: ctx.app.clock.now(),
  };
  await saveUser(ctx, pool, updated);
  const deliveries: CodeDeliveryDetailsType[] = [];
  for (const { kind, channel } of toVerify) {
    deliveries.push(
      await deliverCode(ctx, pool, updated, verificationPurpose(kind), channel, { destination: pending[kind] ?? attributes[kind] }),
    );
  }
  return deliveries;
}
