// Verifying an email address or phone number a signed-in user has (GetUserAttributeVerificationCode,
// VerifyUserAttribute): the code goes to the value awaiting verification — the pending new one under
// AttributesRequireVerificationBeforeUpdate, else the current one — and proves that value alone.
import type { CodeDeliveryDetailsType } from '../protocol/shapes.generated.js';
import type { App, RequestScope } from '../app.js';
import { admitCodeDelivery } from '../auth/attempts.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { saveUser } from './accounts.js';
import { aliasesFor } from './attributes.js';
import { redeemCode } from './messages.js';
import { sendVerificationCode, valueToVerify, VERIFIABLE, verificationCodeKey, type Verifiable } from './updates.js';

/** The attribute a verification names, and the value it is about; refused for any other attribute, or one the user lacks. */
function toVerify(user: UserRecord, attributeName: string): { item: Verifiable; value: string } {
  const item = VERIFIABLE.find((candidate) => candidate.kind === attributeName);
  if (!item) throw errors.attributeNotVerifiable(`attribute ${attributeName}`);
  const value = valueToVerify(user, item.kind);
  if (!value) throw errors.attributeToVerifyMissing(item.kind);
  return { item, value };
}

/** Sends a code for the attribute, replacing any earlier one; counted among the codes sent to the user. */
export async function sendAttributeCode(ctx: RequestScope, pool: PoolRecord, user: UserRecord, attributeName: string): Promise<CodeDeliveryDetailsType> {
  const { item, value } = toVerify(user, attributeName);
  await admitCodeDelivery(ctx.app, pool.id, user.username);
  return sendVerificationCode(ctx, pool, user, item, value, 'VerifyUserAttribute');
}

/**
 * Redeems the code and marks the value verified, applying a pending one. A verified email or phone
 * number alias is the user's who verifies it last: whoever held it keeps the value, unverified, and
 * loses the alias (docs: "Verifying contact information at sign-up", aliases).
 */
export async function verifyAttribute(app: App, pool: PoolRecord, user: UserRecord, attributeName: string, code: string): Promise<void> {
  const { item, value } = toVerify(user, attributeName);
  const { kind } = item;
  await redeemCode(app, user, verificationCodeKey(kind, value), code);
  const current = await app.store.users.get(pool.id, user.username);
  if (!current) throw errors.userNotFound('the user was deleted meanwhile');
  if (valueToVerify(current, kind) !== value) throw errors.codeExpired(`the ${kind} changed while its code was being redeemed`);

  const stillPending = { ...current.preferences.pendingAttributes };
  delete stillPending[kind];
  const now = app.clock.now();
  const verified: UserRecord = {
    ...current,
    attributes: { ...current.attributes, [kind]: value, [`${kind}_verified`]: 'true' },
    preferences: { ...current.preferences, pendingAttributes: Object.keys(stillPending).length ? stillPending : undefined },
    updatedAt: now,
  };
  for (const alias of aliasesFor(pool, verified.attributes).filter((a) => a.kind === kind)) {
    const holder = await app.store.users.findByAlias(pool.id, alias);
    if (holder && holder.username !== user.username) {
      await saveUser(app, pool, { ...holder, attributes: { ...holder.attributes, [`${kind}_verified`]: 'false' }, updatedAt: now });
    }
  }
  await saveUser(app, pool, verified);
}
