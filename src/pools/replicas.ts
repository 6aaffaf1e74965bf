// User pool replicas (multi-Region replication, "Multi-Region replication for user pools"): the same
// pool served in a second region. keypool keeps one store for every region, so a replica is nothing
// to copy: it is a region under which the pool also answers, with its own issuer
// (`<base URL>/<region>/<poolId>`) and the JWKS and discovery document beneath it, signed with the
// pool's keys. A request is in a region by the path it is posted to (`POST /<region>`) or else by
// its SigV4 credential scope; tokens minted in an ACTIVE replica's region carry its issuer.
// Cognito's rules: Essentials or Plus plan only; one secondary region, other than the primary; a
// replica is deleted from the primary region and only once INACTIVE. Kept as the pool's 'replica'
// document (one per pool: name ''), so it goes with the pool.
import type { App, RequestScope } from '../app.js';
import { replaceDocument } from '../managedLogin/documents.js';
import { errors } from '../protocol/errors.js';
import type { ReplicaStatusType, UserPoolReplicaType } from '../protocol/shapes.generated.js';
import type { PoolDocumentRecord, PoolRecord } from '../store/records.js';
import { StoreConflict } from '../store/store.js';
import { poolArn } from './describe.js';
import { checkTags } from './tags.js';
import { tierOf } from './tiers.js';

export interface ReplicaBody {
  RegionName: string;
  Status: ReplicaStatusType;
  UserPoolTags?: Record<string, string>;
}

export type ReplicaDocument = PoolDocumentRecord<ReplicaBody>;

/** Cognito replicates a pool to one secondary region. */
export const MAX_REPLICAS = 1;

/** An AWS region name: partition prefix, optional gov/iso part, direction, number (us-east-1, us-gov-west-1, ap-southeast-5). */
const REGION_NAME = /^(af|ap|ca|cn|eu|il|me|mx|sa|us)(-gov|-iso[a-z]?)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

export const isRegionName = (name: string): boolean => REGION_NAME.test(name);

/** The region a pool was created in: its id's prefix. */
export const primaryRegion = (pool: PoolRecord | string): string => {
  const id = typeof pool === 'string' ? pool : pool.id;
  return id.slice(0, id.indexOf('_'));
};

const replicaArn = (pool: PoolRecord, region: string): string => poolArn(pool).replace(`:${primaryRegion(pool)}:`, `:${region}:`);

export async function findReplica(app: App, poolId: string): Promise<ReplicaDocument | undefined> {
  return (await app.store.documents.findByClient(poolId, 'replica', '', '')) as ReplicaDocument | undefined;
}

export const describePrimary = (pool: PoolRecord): UserPoolReplicaType => ({
  RegionName: primaryRegion(pool),
  Status: 'ACTIVE',
  Role: 'PRIMARY',
  UserPoolArn: poolArn(pool),
});

export const describeReplica = (pool: PoolRecord, replica: ReplicaBody, status = replica.Status): UserPoolReplicaType => ({
  RegionName: replica.RegionName,
  Status: status,
  Role: 'SECONDARY',
  UserPoolArn: replicaArn(pool, replica.RegionName),
});

/** Refuses an operation that only the primary region takes when the request is in the replica's region. */
export function requirePrimaryRegion(operation: string, pool: PoolRecord, replica: ReplicaDocument | undefined, region: string | undefined): void {
  if (replica && region === replica.body.RegionName) throw errors.notFromPrimaryRegion(operation, primaryRegion(pool));
}

/** Creates the pool's replica in `region`; it is serving (ACTIVE) as soon as it exists. */
export async function createReplica(app: App, pool: PoolRecord, region: string, tags: Record<string, string> | undefined): Promise<ReplicaBody> {
  if (!isRegionName(region)) throw errors.replicaRegionInvalid(region);
  if (region === primaryRegion(pool)) throw errors.replicaInPrimaryRegion(region);
  if (tierOf(pool.settings) === 'LITE') throw errors.featureUnavailableInTier('Multi-Region replication', 'LITE');
  if (tags) checkTags(tags);
  const taken = (existing: ReplicaDocument | undefined) =>
    existing?.body.RegionName === region ? errors.replicaExists(region) : errors.replicaLimit(MAX_REPLICAS);
  const existing = await findReplica(app, pool.id);
  if (existing) throw taken(existing);
  const body: ReplicaBody = { RegionName: region, Status: 'ACTIVE', ...(tags && Object.keys(tags).length ? { UserPoolTags: tags } : {}) };
  try {
    await app.store.documents.create({ poolId: pool.id, kind: 'replica', id: `replica-${region}`, clientId: '', name: '', body, createdAt: app.clock.now(), updatedAt: app.clock.now() });
  } catch (error) {
    // Another request created one first: answer as if it had been there before.
    if (error instanceof StoreConflict) throw taken(await findReplica(app, pool.id));
    throw error;
  }
  return body;
}

/** The pool's replica in `region`, or ResourceNotFoundException. */
export async function requireReplica(app: App, pool: PoolRecord, region: string): Promise<ReplicaDocument> {
  const replica = await findReplica(app, pool.id);
  if (!replica || replica.body.RegionName !== region) throw errors.replicaNotFound(region);
  return replica;
}

export async function setReplicaStatus(app: App, replica: ReplicaDocument, status: ReplicaStatusType): Promise<ReplicaBody> {
  const body = { ...replica.body, Status: status };
  const gone = () => errors.replicaNotFound(replica.body.RegionName);
  await replaceDocument(app, { ...replica, body }, gone, gone);
  return body;
}

export async function deleteReplica(app: App, replica: ReplicaDocument): Promise<void> {
  if (replica.body.Status !== 'INACTIVE') throw errors.replicaNotInactive(replica.body.RegionName, replica.body.Status);
  if (!(await app.store.documents.delete(replica.poolId, 'replica', replica.id))) throw errors.replicaNotFound(replica.body.RegionName);
}

/** The issuer of the pool under `region`: its replica's when that region has an ACTIVE replica, else the primary's. */
export async function issuerIn(app: App, poolId: string, region: string | undefined): Promise<string> {
  const primary = app.issuer(poolId);
  if (region === undefined || region === primaryRegion(poolId)) return primary;
  const replica = await findReplica(app, poolId);
  if (replica?.body.RegionName !== region || replica.body.Status !== 'ACTIVE') return primary;
  return `${primary.slice(0, -poolId.length)}${region}/${poolId}`;
}

/** The issuer of the tokens a request mints: under the request's region (see issuerIn). */
export const requestIssuer = (ctx: RequestScope, poolId: string): Promise<string> => issuerIn(ctx.app, poolId, ctx.region);
