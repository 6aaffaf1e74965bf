// The store contract. Every method is atomic on its own: it either happens entirely or not at all,
// and two concurrent calls never both succeed where only one may (a single-use challenge or session
// is consumed once; a username, alias or credential id is taken once; a sign count moves by
// compare-and-set). No method needs the caller to hold a transaction across an await, so the same
// contract holds on embedded SQLite and on PostgreSQL shared by many nodes.
//
// On PostgreSQL (READ COMMITTED, many nodes) a transaction does not serialize with others as
// SQLite's does: a method that reads, decides and then writes (count passkeys, then insert) first
// takes a row lock on what it decides about (a no-op UPDATE of the user's or pool's row), and a
// check that a concurrent transaction could pass too is backed by a unique constraint.
//
// Methods return undefined for "not found" rather than throwing; uniqueness failures throw
// StoreConflict naming what collided. Anything else thrown is a fault of the store (disk, network)
// and surfaces to clients as InternalErrorException.
import type {
  AliasRecord,
  AttemptRecord,
  AuthEventRecord,
  EventFeedback,
  AuthSessionRecord,
  StoredAuthSession,
  ClientRecord,
  ClientSecretRecord,
  CodeRecord,
  DomainRecord,
  DeviceRecord,
  SoftwareTokenRecord,
  GroupRecord,
  IdentityProviderRecord,
  ImportJobRecord,
  ImportJobStatus,
  ImportRow,
  OutboxMessage,
  PasskeyRecord,
  PoolDocumentRecord,
  PoolRecord,
  PoolSettings,
  ProviderLinkRecord,
  RefreshTokenRecord,
  RegistrationChallengeRecord,
  ResourceServerRecord,
  SamlSigningRecord,
  SigningKeyRecord,
  TokenFamilyRecord,
  UserRecord,
} from './records.js';

const HOUR_MS = 60 * 60_000;

/** How long the sweep keeps records that have run their course. */
export const RETENTION = {
  /** Spent sessions and challenges, so that a replay is told "used" rather than "unknown". */
  spentMs: HOUR_MS,
  /** A password failure counter whose last failure is older than this starts afresh (the sign-in lockout window). */
  signInFailuresMs: 15 * 60_000,
  /**
   * Cognito's longest access and ID token lifetime (1 day) plus an hour's margin: a retired signing
   * key, a revoked sign-in, or a sign-in without live refresh tokens, this old, has no valid token left.
   */
  tokenLifetimeMs: 25 * HOUR_MS,
  /** Codes and messages in the operator outbox. */
  outboxMs: 7 * 24 * HOUR_MS,
} as const;

export class StoreConflict extends Error {
  /** 'username', 'alias:email', 'alias:phone_number', 'alias:preferred_username', 'domain', 'credential', 'limit', ... */
  readonly what: string;
  constructor(what: string) {
    super(`store conflict: ${what}`);
    this.what = what;
  }
}

export interface Page<T> {
  items: T[];
  /** The key to pass as `after` for the next page; absent on the last page. */
  next?: string;
}

export interface PoolRepository {
  /** Creates the pool together with its first signing keys. */
  create(pool: PoolRecord, keys: SigningKeyRecord[]): Promise<void>;
  get(poolId: string): Promise<PoolRecord | undefined>;
  /** Pools ordered by id, after the given id. */
  list(limit: number, after?: string): Promise<Page<PoolRecord>>;
  /** Replaces name and settings; false when the pool does not exist. */
  update(pool: PoolRecord): Promise<boolean>;
  /** Deletes the pool and everything in it (clients, domains, keys, users, groups, passkeys, tokens, sessions). */
  delete(poolId: string): Promise<boolean>;
  /**
   * Replaces the pool's settings with `change(settings)` in one step, under the pool's row lock, so
   * that concurrent changes of different parts (tags, custom attributes) lose nothing. `change` runs
   * synchronously within the step and may throw, which changes nothing. `updatedAt`, when given,
   * becomes the pool's LastModifiedDate. False when the pool does not exist.
   */
  changeSettings(poolId: string, change: (settings: PoolSettings) => PoolSettings, updatedAt?: number): Promise<boolean>;
  /** Number of users, for EstimatedNumberOfUsers. */
  countUsers(poolId: string): Promise<number>;
}

export interface ClientRepository {
  create(client: ClientRecord): Promise<void>;
  get(clientId: string): Promise<ClientRecord | undefined>;
  list(poolId: string, limit: number, after?: string): Promise<Page<ClientRecord>>;
  /** Replaces name and settings (not the secrets); false when the client does not exist. */
  update(client: ClientRecord): Promise<boolean>;
  delete(poolId: string, clientId: string): Promise<boolean>;
  /**
   * Adds a secret unless the client has `maxSecrets` already (StoreConflict('limit')) or one with the
   * same id (StoreConflict('secret')); false when the client does not exist.
   */
  addSecret(poolId: string, clientId: string, secret: ClientSecretRecord, maxSecrets: number): Promise<boolean>;
  /** Deletes one secret, never the client's last one ('last': nothing changes). */
  deleteSecret(poolId: string, clientId: string, secretId: string): Promise<'deleted' | 'no-client' | 'no-secret' | 'last'>;
}

export interface DomainRepository {
  /** Throws StoreConflict('domain') when the domain is taken (by any pool). */
  create(domain: DomainRecord): Promise<void>;
  get(domain: string): Promise<DomainRecord | undefined>;
  listForPool(poolId: string): Promise<DomainRecord[]>;
  /** Replaces the certificate and managed login version of the pool's domain; false when the pool has no such domain. */
  update(domain: DomainRecord): Promise<boolean>;
  delete(domain: string): Promise<boolean>;
}

export interface KeyRepository {
  /** Every key of the pool, active and retired, oldest first. */
  listForPool(poolId: string): Promise<SigningKeyRecord[]>;
  /** Adds a key and retires the pool's other active key of the same use, in one step. */
  rotate(key: SigningKeyRecord): Promise<void>;
  /** One key, of any pool, whose stored private key matches the SQL LIKE `pattern` (the start-up check of sealed keys). */
  findStoredLike(pattern: string): Promise<SigningKeyRecord | undefined>;
  getSamlSigning(poolId: string): Promise<SamlSigningRecord | undefined>;
  /**
   * The pool's SAML signing key: the first one ever offered, in one step, so that nodes asking at
   * once all answer the same certificate. Undefined when the pool does not exist.
   */
  offerSamlSigning(offered: SamlSigningRecord): Promise<SamlSigningRecord | undefined>;
}

/** The attributes of a user's own that ListUsers filters on (docs: ListUsers, Filter). */
export const SEARCHABLE_USER_ATTRIBUTES = ['email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'] as const;

/** What ListUsers filters on: those attributes, the username, the sub, the status and whether the user is enabled. */
export const USER_SEARCH_ATTRIBUTES = ['username', 'sub', 'cognito:user_status', 'status', ...SEARCHABLE_USER_ATTRIBUTES] as const;

export type UserSearchAttribute = (typeof USER_SEARCH_ATTRIBUTES)[number];

export interface UserSearch {
  attribute: UserSearchAttribute;
  /** The value sought; `status` is Enabled or Disabled. */
  value: string;
  /** Values that start with `value` rather than equal it. */
  prefix: boolean;
}

export interface UserRepository {
  /** Throws StoreConflict('username') (the username, or its folded form, is taken) or StoreConflict('alias:<kind>'). */
  create(user: UserRecord, aliases: AliasRecord[]): Promise<void>;
  get(poolId: string, username: string): Promise<UserRecord | undefined>;
  /** The user whose foldedUsername this is (pools with case-insensitive usernames). */
  findByFoldedUsername(poolId: string, folded: string): Promise<UserRecord | undefined>;
  getBySub(poolId: string, sub: string): Promise<UserRecord | undefined>;
  /** The user who holds an alias (case-insensitive for email). */
  findByAlias(poolId: string, alias: AliasRecord): Promise<UserRecord | undefined>;
  aliasesOf(poolId: string, username: string): Promise<AliasRecord[]>;
  /**
   * Replaces the user's mutable fields (status, enabled, attributes, password, preferences) and,
   * when given, the user's whole alias set. Throws StoreConflict('alias:<kind>'); false if gone.
   * The `identities` attribute stays what the user's provider links make it, whatever is given.
   */
  update(user: UserRecord, aliases?: AliasRecord[]): Promise<boolean>;
  /** Deletes the user with their passkeys, tokens, sessions, codes, challenges, group memberships and provider links. */
  delete(poolId: string, username: string): Promise<boolean>;
  /** Users ordered by username, after the given one. */
  list(poolId: string, limit: number, after?: string): Promise<Page<UserRecord>>;
  /**
   * Users whose attribute matches, from an index kept with every write of a user (so a page costs
   * the same whatever the pool's size), ordered by value and username; `after` is a page key of
   * an earlier call with the same search.
   */
  search(poolId: string, search: UserSearch, limit: number, after?: string): Promise<Page<UserRecord>>;
}

export interface TokenRepository {
  /**
   * Stores a new sign-in and its first refresh token, provided its user is still the one whose sub is
   * `holderSub` (not deleted, nor deleted and created again under the name) and enabled: false, and
   * nothing stored, otherwise. The check and the insert are one atomic write.
   */
  createFamily(family: TokenFamilyRecord, refresh: RefreshTokenRecord, holderSub: string): Promise<boolean>;
  getFamily(originJti: string): Promise<TokenFamilyRecord | undefined>;
  /**
   * The sign-in `originJti` and the user `username` of `poolId`, read together (one statement: what
   * every call authorized by an access token checks); each undefined when it does not exist.
   */
  getFamilyAndUser(originJti: string, poolId: string, username: string): Promise<{ family?: TokenFamilyRecord; user?: UserRecord }>;
  /** Revokes one sign-in (RevokeToken): its refresh tokens and every access token carrying its origin_jti. */
  revokeFamily(originJti: string, at: number): Promise<boolean>;
  /** Revokes every sign-in of a user (GlobalSignOut, AdminUserGlobalSignOut, disable). */
  revokeUser(poolId: string, username: string, at: number): Promise<void>;
  getRefresh(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Rotation: marks `oldHash` rotated (usable until graceUntil) and stores `next`, only if the old
   * token was not rotated already. False when another rotation won.
   */
  rotateRefresh(oldHash: string, next: RefreshTokenRecord, at: number, graceUntil: number): Promise<boolean>;
  /** Adds another refresh token to an existing sign-in (a retry within the rotation grace period). */
  addRefresh(refresh: RefreshTokenRecord): Promise<void>;
}

/** What adding a user to a group came to; a user at the per-user limit is StoreConflict('limit'). */
export type MembershipOutcome = 'added' | 'already-member' | 'no-user' | 'no-group';

/**
 * Users' remembered devices. A device goes with its user and their pool.
 */
export interface DeviceRepository {
  /** Stores the device unless its key is already stored or its user is gone (false), in one statement. */
  create(device: DeviceRecord): Promise<boolean>;
  /** The user's device by key; another user's device is absent. */
  get(poolId: string, username: string, deviceKey: string): Promise<DeviceRecord | undefined>;
  /** Sets the remembered status (and modification time) of the user's device; false when absent. */
  setStatus(poolId: string, username: string, deviceKey: string, status: DeviceRecord['status'], now: number): Promise<boolean>;
  /** Deletes the user's device; false when absent. */
  delete(poolId: string, username: string, deviceKey: string): Promise<boolean>;
  /** The user's devices ordered by key, after the given key. */
  list(poolId: string, username: string, limit: number, after?: string): Promise<Page<DeviceRecord>>;
  /** Notes a sign-in proven on the device: when, and from which address; false when absent. */
  recordSignIn(poolId: string, username: string, deviceKey: string, at: number, ipAddress: string | undefined): Promise<boolean>;
}

/**
 * Users' TOTP authenticators, one per user, going with the user. Each method is one statement, so
 * that two requests racing with the same code cannot both succeed.
 */
export interface SoftwareTokenRepository {
  get(poolId: string, username: string): Promise<SoftwareTokenRecord | undefined>;
  /** Keeps `pendingSecret` as the key awaiting verification (replacing any earlier one), the verified key untouched; false when the user is gone. */
  associate(poolId: string, username: string, pendingSecret: string, at: number): Promise<boolean>;
  /**
   * Makes the pending key the verified one, if it is still `pendingSecret`, and records `step` as used:
   * false when another association or verification came first.
   */
  verify(poolId: string, username: string, pendingSecret: string, friendlyName: string | undefined, step: number, at: number): Promise<boolean>;
  /** Records `step` as used unless a code of that step or a later one was accepted already (false). */
  useStep(poolId: string, username: string, step: number): Promise<boolean>;
}

/**
 * User pool groups and their members. A membership goes with its group, its user, and their pool.
 * On PostgreSQL the limits are held by row locks: a group is created under the pool's row lock and a
 * membership under the user's, so concurrent creations (or adds) are counted one after another.
 */
export interface GroupRepository {
  /**
   * Stores a group unless the pool has `maxPerPool` groups already (StoreConflict('limit')) or one
   * of that name (StoreConflict('group')). False when the pool does not exist.
   */
  create(group: GroupRecord, maxPerPool: number): Promise<boolean>;
  get(poolId: string, groupName: string): Promise<GroupRecord | undefined>;
  /** Replaces description, role and precedence (absent members are stored absent); false if gone. */
  update(group: GroupRecord): Promise<boolean>;
  /** Deletes the group with its memberships. */
  delete(poolId: string, groupName: string): Promise<boolean>;
  /** The pool's groups ordered by name, after the given name. */
  list(poolId: string, limit: number, after?: string): Promise<Page<GroupRecord>>;
  /**
   * Makes the user a member, unless the user already is in `maxPerUser` groups
   * (StoreConflict('limit')). A user already in the group is left as they are.
   */
  addMember(poolId: string, groupName: string, username: string, maxPerUser: number, at: number): Promise<MembershipOutcome>;
  /** Ends a membership; false when there was none. */
  removeMember(poolId: string, groupName: string, username: string): Promise<boolean>;
  /** The user's groups ordered by name, after the given name: one index range per page. */
  listForUser(poolId: string, username: string, limit: number, after?: string): Promise<Page<GroupRecord>>;
  /** The group's members ordered by username, after the given one: one index range per page. */
  listMembers(poolId: string, groupName: string, limit: number, after?: string): Promise<Page<UserRecord>>;
  /** Members of the group, counted up to `cap` (so that counting a large group stays cheap). */
  countMembers(poolId: string, groupName: string, cap: number): Promise<number>;
}

/** Resource servers of pools, with their scopes. They go with their pool. */
export interface ResourceServerRepository {
  /**
   * Stores a resource server unless the pool has `maxPerPool` already (StoreConflict('limit')) or
   * one with its identifier (StoreConflict('resource-server')). False when the pool does not exist.
   */
  create(server: ResourceServerRecord, maxPerPool: number): Promise<boolean>;
  get(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined>;
  /** Replaces the name and scopes; false when it is gone. */
  update(server: ResourceServerRecord): Promise<boolean>;
  delete(poolId: string, identifier: string): Promise<boolean>;
  /** The pool's resource servers ordered by identifier, after the given one. */
  list(poolId: string, limit: number, after?: string): Promise<Page<ResourceServerRecord>>;
}

/** What linking a provider's user to a user of the pool came to. */
export type LinkOutcome = 'linked' | 'no-user' | 'no-provider' | 'taken' | 'limit';

/**
 * Third-party identity providers of pools, and links of their users to users of the pool. A provider
 * goes with its pool; a link goes with its provider and with its user. The users a provider links
 * to carry an `identities` attribute, a JSON array with one entry per link, that every method here
 * (and UserRepository.update) keeps equal to the user's links in the same transaction.
 * On PostgreSQL a provider is created under the pool's row lock and a link under the user's.
 */
export interface IdentityProviderRepository {
  /**
   * Stores a provider unless the pool has `maxPerPool` already (StoreConflict('limit')), one of its
   * name (StoreConflict('provider')), or another provider holds one of its IdpIdentifiers
   * (StoreConflict('identifier')). False when the pool does not exist.
   */
  create(provider: IdentityProviderRecord, maxPerPool: number): Promise<boolean>;
  get(poolId: string, providerName: string): Promise<IdentityProviderRecord | undefined>;
  /** The provider that holds an IdpIdentifier. */
  getByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined>;
  /** Replaces details, mapping and identifiers (StoreConflict('identifier')); false when it is gone. */
  update(provider: IdentityProviderRecord): Promise<boolean>;
  /** Deletes the provider with its links, and takes its name out of the pool's app clients' SupportedIdentityProviders. */
  delete(poolId: string, providerName: string): Promise<boolean>;
  /** The pool's providers ordered by name, after the given one. */
  list(poolId: string, limit: number, after?: string): Promise<Page<IdentityProviderRecord>>;
  /**
   * Links a provider's user to a user of the pool, unless that provider user is linked already
   * (to anyone: 'taken') or the user has `maxPerUser` links ('limit').
   */
  link(link: ProviderLinkRecord, maxPerUser: number): Promise<LinkOutcome>;
  /**
   * Removes the link of a provider's user, named by the attribute it was linked by; the usernames
   * it linked to (none when there was no such link).
   */
  unlink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<string[]>;
  /** The links to a user, oldest first. */
  linksOfUser(poolId: string, username: string): Promise<ProviderLinkRecord[]>;
  /** The link of a provider's user by the value it was linked by (a subject, or a mapped attribute's value). */
  linkOf(poolId: string, providerName: string, attributeValue: string): Promise<ProviderLinkRecord | undefined>;
}

/** The documents of pools (managed login branding, UI customization, terms). They go with their pool and their app client. */
export interface PoolDocumentRepository {
  /** Stores a new document; StoreConflict('document') when the client already has one of its kind and name. */
  create(doc: PoolDocumentRecord): Promise<void>;
  get(poolId: string, kind: PoolDocumentRecord['kind'], id: string): Promise<PoolDocumentRecord | undefined>;
  /** The client's document of the kind and name ('' for the pool's own). */
  findByClient(poolId: string, kind: PoolDocumentRecord['kind'], clientId: string, name: string): Promise<PoolDocumentRecord | undefined>;
  /** Replaces name and body; StoreConflict('document') when the new name is taken; false when gone. */
  update(doc: PoolDocumentRecord): Promise<boolean>;
  delete(poolId: string, kind: PoolDocumentRecord['kind'], id: string): Promise<boolean>;
  /** The pool's documents of a kind ordered by id, after the given one. */
  list(poolId: string, kind: PoolDocumentRecord['kind'], limit: number, after?: string): Promise<Page<PoolDocumentRecord>>;
}

export type ConsumeOutcome<T> =
  | { outcome: 'ok'; record: T }
  | { outcome: 'unknown' }
  | { outcome: 'used'; record: T }
  | { outcome: 'expired'; record: T };

export interface SessionRepository {
  create(session: AuthSessionRecord): Promise<void>;
  /** Marks the session used and returns it, once; 'used' or 'expired' say why a second call fails. */
  consume(id: string, at: number): Promise<ConsumeOutcome<StoredAuthSession>>;
  /** The session as it stands, used or not, without consuming it. */
  get(id: string): Promise<StoredAuthSession | undefined>;
  /**
   * Makes a consumed session usable again, only while it still carries that consumption
   * (`consumedAt`): an answer that changed nothing (a wrong one-time code) may be retried.
   */
  release(id: string, consumedAt: number): Promise<boolean>;
}

/**
 * What an attempt counter counts: wrong passwords (plain or SRP), wrong codes (every kind: sign-in,
 * confirmation, ...), or codes sent.
 */
export type AttemptKind = 'PASSWORD' | 'CODE' | 'CODE_DELIVERY';

/**
 * When counted attempts lock further ones out: after `freeAttempts` the subject is locked for
 * `firstLockMs` from the last attempt, doubling with each further attempt up to `maxLockMs`; a count
 * whose last attempt is more than `forgetAfterMs` old starts afresh. Every duration fits in 31 bits.
 */
export interface AttemptPolicy {
  freeAttempts: number;
  firstLockMs: number;
  maxLockMs: number;
  forgetAfterMs: number;
}

export interface AttemptReservation {
  /** False when the subject was locked out: nothing was counted, and `record` is the count as it stands. */
  admitted: boolean;
  record: AttemptRecord;
}

/**
 * Counters of attempts per pool, subject and kind, behind the lockouts and the code-delivery limit.
 * The subject is a username, or the name an unknown user was asked for by (so that a name nobody
 * holds is locked out as a user would be). Counters do not go with a deleted user: they are swept
 * `forgetAfterMs` after their last attempt, and go with their pool.
 */
export interface AttemptRepository {
  get(poolId: string, subject: string, kind: AttemptKind): Promise<AttemptRecord | undefined>;
  /**
   * Checks the lockout and counts the attempt in one step, before the attempt is judged: unless the
   * subject is locked out under `policy` at `at`, the attempt is counted (as a failure, until `clear`
   * says otherwise) and admitted. So concurrent attempts, on any node, are admitted no faster than
   * the policy allows, however long judging each one takes.
   */
  reserve(poolId: string, subject: string, kind: AttemptKind, at: number, policy: AttemptPolicy): Promise<AttemptReservation>;
  /** Forgets the subject's attempts of `kind` (after one succeeded). */
  clear(poolId: string, subject: string, kind: AttemptKind): Promise<void>;
}

/** Per-installation secrets that every node sharing the store must agree on. */
export interface SecretRepository {
  /**
   * The secret kept under `name`: the first value ever offered for it, in one step, so that nodes
   * starting together all end up with the same one. Offer a fresh random value each time.
   */
  getOrCreate(name: string, offered: string, at: number): Promise<string>;
}

/** The provisioned request-rate limits of API categories (UpdateProvisionedLimit), for the whole installation. */
export interface LimitRepository {
  /** Every category whose limit was set, with its requests per second. */
  list(): Promise<Record<string, number>>;
  /** Sets one category's limit, replacing what was set before. */
  set(category: string, rps: number, at: number): Promise<void>;
}

export interface PasskeyRepository {
  createChallenge(challenge: RegistrationChallengeRecord): Promise<void>;
  /** Consumes a registration challenge once, whoever asks. */
  consumeChallenge(challenge: string, at: number): Promise<ConsumeOutcome<RegistrationChallengeRecord>>;
  /**
   * Stores a credential unless the user already has `maxPerUser` (StoreConflict('limit')) or the
   * credential id is registered already, to anyone (StoreConflict('credential')).
   */
  insert(passkey: PasskeyRecord, maxPerUser: number): Promise<void>;
  get(credentialId: string): Promise<PasskeyRecord | undefined>;
  listForUser(poolId: string, username: string): Promise<PasskeyRecord[]>;
  countForUser(poolId: string, username: string): Promise<number>;
  /** Deletes the user's own credential; false if it is not theirs or does not exist. */
  delete(poolId: string, username: string, credentialId: string): Promise<boolean>;
  /** Compare-and-set of the sign count, with the last-used time; false when another sign-in moved it first. */
  recordUse(credentialId: string, expectedSignCount: number, signCount: number, at: number): Promise<boolean>;
}

export interface OutboxRepository {
  add(message: OutboxMessage): Promise<void>;
  /** Newest first. */
  list(filter: { poolId?: string; username?: string; limit: number }): Promise<OutboxMessage[]>;
  clear(poolId?: string): Promise<number>;
}

export interface CodeRepository {
  /** Stores a code, replacing the user's previous code for the same purpose. */
  put(code: CodeRecord): Promise<void>;
  get(poolId: string, username: string, purpose: string): Promise<CodeRecord | undefined>;
  /**
   * Consumes the code if `codeHash` matches, it has not expired and (with `maxAttempts`) fewer than that
   * many wrong attempts were made on it; otherwise counts a failed attempt. 'unknown' when there is no
   * code; 'expired' past expiry; 'used' stands for a wrong (or exhausted) code here.
   */
  redeem(
    poolId: string,
    username: string,
    purpose: string,
    codeHash: string,
    at: number,
    maxAttempts?: number,
  ): Promise<ConsumeOutcome<CodeRecord>>;
}

export interface EventFilter {
  poolId?: string;
  username?: string;
  outcome?: AuthEventRecord['outcome'];
  eventType?: AuthEventRecord['eventType'];
  /** Only Cognito's own event types (AdminListUserAuthEvents). */
  cognitoTypesOnly?: boolean;
  limit: number;
  /** Page key: events with a smaller id than this. */
  before?: string;
}

export interface EventRepository {
  add(event: AuthEventRecord): Promise<void>;
  /** Newest first. */
  list(filter: EventFilter): Promise<Page<AuthEventRecord>>;
  get(id: string): Promise<AuthEventRecord | undefined>;
  /** Records what was said of the pool's event (the last word stands); false when there is no such event. */
  setFeedback(poolId: string, id: string, feedback: EventFeedback): Promise<boolean>;
}

/** A user to write by an import, with the aliases its attributes give it. */
export interface ImportedUser {
  user: UserRecord;
  aliases: AliasRecord[];
  /** The CSV line it came from, to name it in the job's log. */
  line: number;
}

export interface ImportJobRepository {
  create(job: ImportJobRecord): Promise<void>;
  get(poolId: string, jobId: string): Promise<ImportJobRecord | undefined>;
  /** The pool's jobs, newest first; `after` is a page key of an earlier call. */
  list(poolId: string, limit: number, after?: string): Promise<Page<ImportJobRecord>>;
  /**
   * An upload begins (only while the job is Created and its upload token is this one): the CSV of
   * an earlier upload goes. False otherwise.
   */
  beginUpload(jobId: string, tokenHash: string): Promise<boolean>;
  /** Stores one chunk of the upload's parsed rows (chunk 0 is the header row). */
  addChunk(jobId: string, seq: number, rows: ImportRow[]): Promise<void>;
  /** The upload is complete with this many data rows; false when the job left Created meanwhile. */
  finishUpload(jobId: string, tokenHash: string, rows: number): Promise<boolean>;
  /** How many of the pool's jobs are Created (not started yet). */
  countCreated(poolId: string): Promise<number>;
  chunk(jobId: string, seq: number): Promise<ImportRow[] | undefined>;
  /** Moves the job from one of `from` to `to`, with the given fields; false when it was in another status. */
  transition(poolId: string, jobId: string, from: ImportJobStatus[], to: ImportJobStatus, fields?: Partial<ImportJobRecord>): Promise<boolean>;
  /** True when another job of the pool is Pending, InProgress or Stopping. */
  anotherRunning(poolId: string, jobId: string): Promise<boolean>;
  /**
   * Takes the job for `until` (a lease) if it is Pending or InProgress and nobody holds it: it is
   * then InProgress. False when another node holds it or it is done.
   */
  claim(poolId: string, jobId: string, now: number, until: number): Promise<boolean>;
  /**
   * Writes chunk `seq`'s users, in one transaction with the counts and the job's next chunk, only
   * if the job is still InProgress at that chunk. Users whose username or alias is taken meanwhile
   * are not written: their lines are returned (they count as failed). Undefined when the job moved on.
   */
  importChunk(poolId: string, jobId: string, seq: number, users: ImportedUser[], failedRows: number, until: number): Promise<number[] | undefined>;
  /** Jobs Pending or InProgress whose lease ran out (a node stopped mid-import): to resume. */
  abandoned(now: number): Promise<ImportJobRecord[]>;
  /** Marks Created jobs created before `before` Expired. */
  expire(before: number): Promise<number>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly pools: PoolRepository;
  readonly clients: ClientRepository;
  readonly domains: DomainRepository;
  readonly keys: KeyRepository;
  readonly users: UserRepository;
  readonly tokens: TokenRepository;
  readonly sessions: SessionRepository;
  readonly attempts: AttemptRepository;
  readonly secrets: SecretRepository;
  readonly limits: LimitRepository;
  readonly passkeys: PasskeyRepository;
  readonly outbox: OutboxRepository;
  readonly codes: CodeRepository;
  readonly events: EventRepository;
  readonly groups: GroupRepository;
  readonly resourceServers: ResourceServerRepository;
  readonly identityProviders: IdentityProviderRepository;
  readonly documents: PoolDocumentRepository;
  readonly devices: DeviceRepository;
  readonly softwareTokens: SoftwareTokenRepository;
  readonly importJobs: ImportJobRepository;
  /**
   * Removes what has run its course, by the windows of RETENTION: expired codes; sessions and
   * challenges an hour past expiry; refresh tokens, and then sign-ins (token families) left without
   * any, a day and an hour past expiry (no access token they issued can still be valid); revoked
   * sign-ins as long after revocation; retired signing keys as long after retirement; attempt
   * counters past their forgetting time; outbox messages after 7 days; and all but the newest
   * `eventsPerPool` auth events of each pool. Returns how many rows went.
   */
  sweep(now: number, eventsPerPool?: number): Promise<number>;
  /** Cheap round trip for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
