// UserMigration: a name keypool does not know, signing in with a password (USER_PASSWORD_AUTH,
// ADMIN_USER_PASSWORD_AUTH) or asking for a reset (ForgotPassword), is offered to the pool's function;
// a user it vouches for is created with the attributes and status it returns (and, signing in, with
// the password that was accepted), then the request goes on as for any user.
import type { RequestScope } from '../app.js';
import { newSub } from '../ids.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { insertUser, newUsername } from '../users/accounts.js';
import { createPasswordCredential } from '../users/passwords.js';
import { checkAttributes } from '../users/schema.js';
import { responseString, responseStringMap, runTrigger, triggerArn } from './run.js';

const STATUSES = ['CONFIRMED', 'RESET_REQUIRED'] as const;

/**
 * Offers `name` to the pool's UserMigration function: the user created from its answer, or undefined
 * where the pool has none or the function vouches for nobody (no userAttributes).
 */
export async function migrateUser(
  ctx: RequestScope,
  pool: PoolRecord,
  name: string,
  source: 'UserMigration_Authentication' | 'UserMigration_ForgotPassword',
  password?: string,
): Promise<UserRecord | undefined> {
  if (!triggerArn(pool, 'UserMigration')) return undefined;
  const response = await runTrigger(ctx, pool, 'UserMigration', {
    source,
    userName: name,
    request: { ...(password === undefined ? {} : { password }), validationData: null, userAttributes: {} },
    response: { userAttributes: null, finalUserStatus: null, messageAction: null, desiredDeliveryMediums: null, forceAliasCreation: null, enableSMSMFA: null },
  });
  const returned = responseStringMap(response, 'userAttributes');
  if (!returned) return undefined;
  const status = responseString(response, 'finalUserStatus') ?? 'CONFIRMED';
  if (!(STATUSES as readonly string[]).includes(status)) throw errors.lambdaUnrecognizable(`finalUserStatus ${status}`);
  // A name that is an alias (an email, say) cannot be a username: the user is stored under a new one.
  let username = name;
  let sub = newSub();
  let fromName: Record<string, string> = {};
  try {
    ({ username, sub, attributes: fromName } = newUsername(pool, name));
  } catch {
    username = sub;
  }
  const { sub: ignored, ...given } = returned;
  void ignored;
  const attributes = checkAttributes(pool, Object.entries(given).map(([Name, Value]) => ({ Name, Value })), { kind: 'admin' }, { creating: true, existing: fromName });
  const { app } = ctx;
  const now = app.clock.now();
  const resetRequired = (password: string | undefined): password is undefined => status === 'RESET_REQUIRED' || password === undefined;
  const user: UserRecord = {
    poolId: pool.id,
    username,
    sub,
    status: resetRequired(password) ? 'RESET_REQUIRED' : 'CONFIRMED',
    enabled: true,
    attributes: { sub, ...attributes, ...fromName },
    password: resetRequired(password) ? undefined : await createPasswordCredential(pool.id, username, password, false, now),
    preferences: {},
    createdAt: now,
    updatedAt: now,
  };
  await insertUser(app, pool, user, () => errors.usernameExists('the migrated user was created meanwhile'));
  app.log.info({ pool: pool.id, user: username, source, status: user.status }, 'user migrated');
  return user;
}
