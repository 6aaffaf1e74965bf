// User attributes on the wire (lists of {Name, Value}) and the aliases they give a user.
import type { AttributeType } from '../protocol/shapes.generated.js';
import type { AliasRecord, PoolRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

export const toAttributeList = (attributes: Record<string, string>): AttributeType[] =>
  Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

/**
 * The unique sign-in names a user's attributes give them in this pool: email and phone_number when
 * they are the pool's UsernameAttributes, or verified AliasAttributes; preferred_username when it is
 * an alias.
 */
export function aliasesFor(pool: PoolRecord, attributes: Record<string, string>): AliasRecord[] {
  const usernameAttributes = pool.settings.UsernameAttributes ?? [];
  const aliasAttributes = pool.settings.AliasAttributes ?? [];
  const aliases: AliasRecord[] = [];
  for (const kind of ['email', 'phone_number'] as const) {
    const value = attributes[kind];
    if (!value) continue;
    const verified = attributes[`${kind}_verified`] === 'true';
    if (usernameAttributes.includes(kind) || (aliasAttributes.includes(kind) && verified)) aliases.push({ kind, value });
  }
  if (aliasAttributes.includes('preferred_username') && attributes.preferred_username) {
    aliases.push({ kind: 'preferred_username', value: attributes.preferred_username });
  }
  return aliases;
}

/** UsernameConfiguration.CaseSensitive false: "alice", "Alice" and "ALICE" are one user. Case-sensitive unless said. */
export const usernamesIgnoreCase = (pool: PoolRecord): boolean => pool.settings.UsernameConfiguration?.CaseSensitive === false;

export const foldUsername = (name: string): string => name.toLowerCase();

/** Whether this pool lets users sign in with email or phone as their username (the username is then a UUID). */
export const usesUsernameAttributes = (pool: PoolRecord): boolean => (pool.settings.UsernameAttributes ?? []).length > 0;

/** The user a name refers to as the threat protection operations take it: a sign-in name, or the user's sub. */
export async function findUserByNameOrSub(store: Store, pool: PoolRecord, name: string): Promise<UserRecord | undefined> {
  return (await findUserBySignInName(store, pool, name)) ?? (await store.users.getBySub(pool.id, name));
}

/**
 * The user a sign-in name refers to: the username itself, or an alias the pool allows
 * (email, phone_number, preferred_username).
 */
export async function findUserBySignInName(
  store: Store,
  pool: PoolRecord,
  name: string,
): Promise<UserRecord | undefined> {
  const direct =
    (await store.users.get(pool.id, name)) ??
    (usernamesIgnoreCase(pool) ? await store.users.findByFoldedUsername(pool.id, foldUsername(name)) : undefined);
  if (direct) return direct;
  const kinds: AliasRecord['kind'][] = [];
  const allowed = [...(pool.settings.UsernameAttributes ?? []), ...(pool.settings.AliasAttributes ?? [])];
  if (allowed.includes('email') && name.includes('@')) kinds.push('email');
  if (allowed.includes('phone_number') && name.startsWith('+')) kinds.push('phone_number');
  if (allowed.includes('preferred_username')) kinds.push('preferred_username');
  for (const kind of kinds) {
    const user = await store.users.findByAlias(pool.id, { kind, value: name });
    if (user) return user;
  }
  return undefined;
}
