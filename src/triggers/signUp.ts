// PreSignUp, which may refuse a sign-up or confirm and verify the new user at once, and
// PostConfirmation, told of every confirmation (the user stays confirmed whatever it answers).
import type { RequestScope } from '../app.js';
import type { AttributeType } from '../protocol/shapes.generated.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { eventAttributes, responseFlag, runTrigger } from './run.js';

export interface PreSignUpDecision {
  autoConfirmUser: boolean;
  autoVerifyEmail: boolean;
  autoVerifyPhone: boolean;
}

/** AttributeType lists (ValidationData) as the name-to-value maps of trigger events. */
export const attributeMap = (list: AttributeType[] | undefined): Record<string, string> | null =>
  list ? Object.fromEntries(list.map((a) => [a.Name, a.Value ?? ''])) : null;

/** Runs PreSignUp for a user about to be created: what it decided (nothing, where the pool has none). */
export async function preSignUp(
  ctx: RequestScope,
  pool: PoolRecord,
  source: 'PreSignUp_SignUp' | 'PreSignUp_AdminCreateUser',
  user: UserRecord,
  validationData: AttributeType[] | undefined,
): Promise<PreSignUpDecision> {
  const { sub, ...userAttributes } = user.attributes;
  void sub;
  const response = await runTrigger(ctx, pool, 'PreSignUp', {
    source,
    userName: user.username,
    request: { userAttributes, validationData: attributeMap(validationData) },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  return {
    autoConfirmUser: responseFlag(response, 'autoConfirmUser'),
    autoVerifyEmail: responseFlag(response, 'autoVerifyEmail'),
    autoVerifyPhone: responseFlag(response, 'autoVerifyPhone'),
  };
}

/** The new user as PreSignUp decided: confirmed (SignUp only) and with the attributes it verified. */
export function applyPreSignUp(user: UserRecord, decision: PreSignUpDecision, canConfirm: boolean): UserRecord {
  const attributes = { ...user.attributes };
  if (decision.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (decision.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true';
  return { ...user, attributes, status: canConfirm && decision.autoConfirmUser ? 'CONFIRMED' : user.status };
}

/** Runs PostConfirmation for a user just confirmed (by a sign-up code, an administrator, PreSignUp, or a password reset). */
export async function postConfirmation(
  ctx: RequestScope,
  pool: PoolRecord,
  source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
  user: UserRecord,
): Promise<void> {
  await runTrigger(ctx, pool, 'PostConfirmation', { source, userName: user.username, request: { userAttributes: eventAttributes(user) } });
}
