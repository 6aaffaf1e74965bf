// User pool tags: the rules every tag map meets (CreateUserPool, UpdateUserPool, TagResource), and
// finding the pool a resource ARN names.
import type { App } from '../app.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, PoolSettings } from '../store/records.js';
import { poolArn } from './describe.js';

/** AWS's limit of user-created tags per resource ("Tagging AWS resources"). */
export const MAX_TAGS_PER_POOL = 50;

/** Keys AWS keeps for itself ("Tagging AWS resources": the aws: prefix is reserved). */
const RESERVED_PREFIX = /^aws:/i;

const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/** Refuses reserved keys and more tags than a pool may carry; the model checks lengths. */
export function checkTags(tags: Readonly<Record<string, string>>): void {
  const reserved = Object.keys(tags).find((key) => RESERVED_PREFIX.test(key));
  if (reserved !== undefined) throw errors.reservedTagKey(reserved);
  if (Object.keys(tags).length > MAX_TAGS_PER_POOL) throw errors.tooManyTags(MAX_TAGS_PER_POOL);
}

/** Sets and removes tags of a pool, refusing the change whole when more than the limit would remain. */
export async function retag(app: App, pool: PoolRecord, set: Readonly<Record<string, string>>, remove: readonly string[]): Promise<void> {
  const change = (settings: PoolSettings): PoolSettings => {
    const tags: Record<string, string> = { ...settings.UserPoolTags, ...set };
    for (const key of remove) delete tags[key];
    checkTags(tags);
    const next: PoolSettings = { ...settings, UserPoolTags: tags };
    if (Object.keys(tags).length === 0) delete next.UserPoolTags;
    return next;
  };
  // Tagging leaves the pool's LastModifiedDate as it is.
  if (!(await app.store.pools.changeSettings(pool.id, change))) throw errors.poolNotFound(pool.id);
}

/** The pool a resource ARN names: InvalidParameterException when it is no user pool ARN, ResourceNotFoundException when no such pool is here. */
export async function requirePoolByArn(app: App, arn: string): Promise<PoolRecord> {
  const poolId = USER_POOL_ARN.exec(arn)?.[1];
  if (poolId === undefined) throw errors.notAUserPoolArn(arn);
  const pool = await app.store.pools.get(poolId);
  if (!pool || poolArn(pool) !== arn) throw errors.taggedResourceNotFound(arn);
  return pool;
}
