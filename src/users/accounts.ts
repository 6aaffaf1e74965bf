// Creating, finding and saving users with Cognito's answers for names that are taken.
import type { AttributeType, MFAOptionType, UserType } from '../protocol/shapes.generated.js';
import type { App } from '../app.js';
import { errors, type CognitoError } from '../protocol/errors.js';
import type { PoolRecord, UserRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';
import { newSub } from '../ids.js';
import { aliasesFor, findUserBySignInName, foldUsername, toAttributeList, usernamesIgnoreCase, usesUsernameAttributes } from './attributes.js';
import { isEmail, isPhoneNumber } from './schema.js';
import { mfaOptionsOf } from './settings.js';

export interface NewUsername {
  /** The username the user is stored under: what was asked for, or the sub in email/phone-as-username pools. */
  username: string;
  sub: string;
  /** The email or phone_number the requested name stands for, in email/phone-as-username pools. */
  attributes: Record<string, string>;
}

/**
 * In a pool with UsernameAttributes the name must be an email or phone number the pool accepts; it becomes
 * that attribute and the internal username is a UUID, the user's sub. In a pool with an email alias, an
 * email-shaped username is refused (it would shadow someone's alias).
 */
export function newUsername(pool: PoolRecord, requested: string): NewUsername {
  const sub = newSub();
  const usernameAttributes = pool.settings.UsernameAttributes ?? [];
  if (usesUsernameAttributes(pool)) {
    if (usernameAttributes.includes('email') && isEmail(requested)) return { username: sub, sub, attributes: { email: requested } };
    if (usernameAttributes.includes('phone_number') && isPhoneNumber(requested)) {
      return { username: sub, sub, attributes: { phone_number: requested } };
    }
    throw errors.usernameNotEmailOrPhone();
  }
  if ((pool.settings.AliasAttributes ?? []).includes('email') && isEmail(requested)) {
    throw errors.usernameLooksLikeEmailAlias();
  }
  if ((pool.settings.AliasAttributes ?? []).includes('phone_number') && isPhoneNumber(requested)) {
    throw errors.usernameLooksLikePhoneAlias();
  }
  return { username: requested, sub, attributes: {} };
}

const aliasKind = (conflict: StoreConflict): string => {
  const kind = conflict.what.slice('alias:'.length);
  return kind === '' || kind === 'alias' ? 'email' : kind;
};

/** Stores a new user; `usernameTaken` is the operation's own UsernameExistsException. */
export async function insertUser(app: App, pool: PoolRecord, user: UserRecord, usernameTaken: () => CognitoError): Promise<void> {
  const stored = usernamesIgnoreCase(pool) ? { ...user, foldedUsername: foldUsername(user.username) } : user;
  try {
    await app.store.users.create(stored, aliasesFor(pool, user.attributes));
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    if (error.what === 'username') throw usernameTaken();
    // In email/phone-as-username pools the alias is the sign-in name, so Cognito calls it a taken username.
    if (usesUsernameAttributes(pool)) {
      throw errors.signInAliasExists(aliasKind(error));
    }
    throw errors.aliasExists(aliasKind(error));
  }
}

/** Saves a changed user with the aliases their attributes now give them. */
export async function saveUser(app: App, pool: PoolRecord, user: UserRecord): Promise<void> {
  try {
    const saved = await app.store.users.update(user, aliasesFor(pool, user.attributes));
    if (!saved) throw errors.userNotFound('the user was deleted meanwhile');
  } catch (error) {
    if (error instanceof StoreConflict) throw errors.aliasExists(aliasKind(error));
    throw error;
  }
}

/** The user an Admin* operation names, by username or alias. */
export async function requireUser(app: App, pool: PoolRecord, name: string): Promise<UserRecord> {
  const user = await findUserBySignInName(app.store, pool, name);
  if (!user) throw errors.userNotFound(`no user ${name}`);
  return user;
}

export function attributeListOf(user: UserRecord, only?: string[]): AttributeType[] {
  const all = toAttributeList(user.attributes);
  return only ? all.filter((a) => only.includes(a.Name)) : all;
}

/** A user as AdminCreateUser and ListUsers describe one (UserType). */
export function describeUser(user: UserRecord, only?: string[]): UserType {
  return {
    Username: user.username,
    Attributes: attributeListOf(user, only),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** What GetUser and AdminGetUser both tell about a user. */
export function describeUserDetails(user: UserRecord): {
  Username: string;
  UserAttributes: AttributeType[];
  MFAOptions?: MFAOptionType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
} {
  const enabled = user.preferences.enabledMfas ?? [];
  return {
    Username: user.username,
    UserAttributes: attributeListOf(user),
    MFAOptions: mfaOptionsOf(user),
    PreferredMfaSetting: user.preferences.preferredMfa,
    UserMFASettingList: enabled.length ? enabled : undefined,
  };
}
