// The user a sign-in through a provider is, as Cognito decides it (developer guide, "Adding user pool
// sign-in through a third party" and "Linking federated users to an existing user profile"): the
// pool's user the provider's user was linked to (by subject, or by a mapped attribute's value); else
// the federated user <ProviderName>_<subject>, made on the first sign-in with status EXTERNAL_PROVIDER
// (PreSignUp_ExternalProvider first, PostConfirmation after), whose mapped attributes each later
// sign-in brings up to date.
import type { App, RequestContext } from '../app.js';
import { newSub } from '../ids.js';
import { MAX_GROUPS_PER_POOL, MAX_GROUPS_PER_USER } from '../groups/groups.js';
import { COGNITO_SUBJECT, MAX_LINKS_PER_USER, federatedUsername } from '../oauth/identityProviders.js';
import { errors } from '../protocol/errors.js';
import type { IdentityProviderRecord, PoolRecord, ProviderLinkRecord, UserRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';
import { applyPreSignUp, postConfirmation } from '../triggers/signUp.js';
import { runTrigger } from '../triggers/run.js';
import { checkAttributes } from '../users/schema.js';
import { toAttributeList } from '../users/attributes.js';

/** A claim as a user pool attribute's value: text as it is, anything else as JSON. */
const attributeValue = (claim: unknown): string => (typeof claim === 'string' ? claim : JSON.stringify(claim));

/** The pool attributes the provider's claims give, by the provider's AttributeMapping (which claims are absent leave out). */
export function mappedAttributes(provider: IdentityProviderRecord, claims: Record<string, unknown>): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(provider.attributeMapping)) {
    if (attribute === 'username' || claims[claim] === undefined || claims[claim] === null) continue;
    mapped[attribute] = attributeValue(claims[claim]);
  }
  return mapped;
}

/**
 * The pool's user the provider user was linked to by AdminLinkProviderForUser, if any: by the link
 * of their subject (`subjectLink`, read already), else by a mapped attribute's value.
 */
async function linkedUser(
  app: App,
  pool: PoolRecord,
  provider: IdentityProviderRecord,
  subject: string,
  subjectLink: ProviderLinkRecord | undefined,
  mapped: Record<string, string>,
): Promise<UserRecord | undefined> {
  const self = federatedUsername(provider.providerName, subject);
  const linkedBy = (link: ProviderLinkRecord | undefined, attributeName: string) => link?.attributeName === attributeName && link.username !== self;
  if (linkedBy(subjectLink, COGNITO_SUBJECT)) return app.store.users.get(pool.id, subjectLink!.username);
  for (const [attributeName, value] of Object.entries(mapped)) {
    const link = await app.store.identityProviders.linkOf(pool.id, provider.providerName, value);
    if (linkedBy(link, attributeName)) return app.store.users.get(pool.id, link!.username);
  }
  return undefined;
}

/** A new federated user, past PreSignUp_ExternalProvider, with their own identity linked. */
async function createFederatedUser(
  ctx: RequestContext,
  pool: PoolRecord,
  provider: IdentityProviderRecord,
  subject: string,
  attributes: Record<string, string>,
): Promise<UserRecord> {
  const { app } = ctx;
  const now = app.clock.now();
  const sub = newSub();
  const created: UserRecord = {
    poolId: pool.id,
    username: federatedUsername(provider.providerName, subject),
    sub,
    status: 'EXTERNAL_PROVIDER',
    enabled: true,
    attributes: { sub, ...attributes },
    preferences: {},
    createdAt: now,
    updatedAt: now,
  };
  const user = applyPreSignUp(created, await preSignUpExternal(ctx, pool, created), false);
  try {
    // Federated users sign in only through their provider: no alias makes them a sign-in name.
    await app.store.users.create(user, []);
  } catch (error) {
    // The same provider user's first sign-in in another tab made them meanwhile.
    const made = error instanceof StoreConflict && error.what === 'username' && (await app.store.users.get(pool.id, user.username));
    if (made) return made;
    throw error;
  }
  await linkOwnIdentity(app, provider, user, subject);
  await joinProviderGroup(app, pool, provider, user);
  await postConfirmation(ctx, pool, 'PostConfirmation_ConfirmSignUp', user);
  return (await app.store.users.get(pool.id, user.username)) ?? user;
}

/** PreSignUp with triggerSource PreSignUp_ExternalProvider: it may refuse the user, or verify their email or phone. */
async function preSignUpExternal(ctx: RequestContext, pool: PoolRecord, user: UserRecord) {
  const { sub: _sub, ...userAttributes } = user.attributes;
  const response = await runTrigger(ctx, pool, 'PreSignUp', {
    source: 'PreSignUp_ExternalProvider',
    userName: user.username,
    request: { userAttributes, validationData: null },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  });
  return {
    autoConfirmUser: false,
    autoVerifyEmail: response?.autoVerifyEmail === true,
    autoVerifyPhone: response?.autoVerifyPhone === true,
  };
}

/**
 * Cognito's group of a provider's users, <poolId>_<ProviderName>, made with the first of them: a new
 * federated user joins it (their tokens' cognito:groups name it). A pool or user at its group quota
 * goes without.
 */
async function joinProviderGroup(app: App, pool: PoolRecord, provider: IdentityProviderRecord, user: UserRecord): Promise<void> {
  const now = app.clock.now();
  const groupName = `${pool.id}_${provider.providerName}`;
  const description = `Autogenerated group for users who sign in using ${provider.providerName}`;
  try {
    await app.store.groups.create({ poolId: pool.id, groupName, description, createdAt: now, updatedAt: now }, MAX_GROUPS_PER_POOL);
  } catch (error) {
    if (!(error instanceof StoreConflict)) throw error;
    // 'group': made by an earlier sign-in (or by hand), and joined as it is; 'limit': the pool has no room for it.
    if (error.what === 'limit') return;
  }
  try {
    await app.store.groups.addMember(pool.id, groupName, user.username, MAX_GROUPS_PER_USER, now);
  } catch (error) {
    // The user is in as many groups as a user may be.
    if (!(error instanceof StoreConflict)) throw error;
  }
}

/** The federated user's own identity, as a link to themselves: their `identities` attribute and claim. */
async function linkOwnIdentity(app: App, provider: IdentityProviderRecord, user: UserRecord, subject: string): Promise<void> {
  await app.store.identityProviders.link(
    { poolId: user.poolId, providerName: provider.providerName, attributeName: COGNITO_SUBJECT, attributeValue: subject, username: user.username, createdAt: app.clock.now() },
    MAX_LINKS_PER_USER,
  );
}

/** The user the provider's user signs in as; NotAuthorizedException when that user is disabled. */
export async function federatedSignIn(
  ctx: RequestContext,
  pool: PoolRecord,
  provider: IdentityProviderRecord,
  identity: { subject: string; claims: Record<string, unknown> },
): Promise<UserRecord> {
  const { app } = ctx;
  const mapped = mappedAttributes(provider, identity.claims);
  const subjectLink = await app.store.identityProviders.linkOf(pool.id, provider.providerName, identity.subject);
  const linked = await linkedUser(app, pool, provider, identity.subject, subjectLink, mapped);
  if (linked) {
    if (!linked.enabled) throw errors.userDisabled();
    return linked;
  }
  const existing = await app.store.users.get(pool.id, federatedUsername(provider.providerName, identity.subject));
  if (existing) {
    if (!existing.enabled) throw errors.userDisabled();
    const attributes = checkAttributes(pool, toAttributeList(mapped), { kind: 'admin' }, { creating: false, existing: existing.attributes });
    let current = existing;
    // A first sign-in cut short between making the user and linking their identity: linked now.
    if (!subjectLink) {
      await linkOwnIdentity(app, provider, existing, identity.subject);
      current = (await app.store.users.get(pool.id, existing.username)) ?? existing;
    }
    if (Object.entries(attributes).every(([name, value]) => current.attributes[name] === value)) return current;
    const updated = { ...current, attributes: { ...current.attributes, ...attributes }, updatedAt: app.clock.now() };
    if (!(await app.store.users.update(updated, []))) throw errors.userNotFound('the user was deleted meanwhile');
    return updated;
  }
  const attributes = checkAttributes(pool, toAttributeList(mapped), { kind: 'admin' }, { creating: true });
  return createFederatedUser(ctx, pool, provider, identity.subject, attributes);
}
