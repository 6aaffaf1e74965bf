// A pool's log delivery configuration (Set/GetLogDeliveryConfiguration), checked as Cognito checks it
// ("Exporting user pool logs"): message-delivery errors (userNotification) go at ERROR level to a
// CloudWatch log group; user activity (userAuthEvents) goes at INFO level to a log group, an S3
// bucket or a Firehose stream, and only from pools on the PLUS feature plan. One configuration per
// event source. Kept as the pool's 'logs' document, so it goes with the pool.
import type { App } from '../app.js';
import { createDocument, replaceDocument } from '../managedLogin/documents.js';
import { tierOf } from '../pools/tiers.js';
import { errors } from '../protocol/errors.js';
import type { EventSourceName, LogConfigurationType, LogLevel } from '../protocol/shapes.generated.js';
import type { PoolDocumentRecord, PoolRecord } from '../store/records.js';
import { BoundedMap } from '../boundedMap.js';

export interface LogDeliveryBody {
  LogConfigurations: LogConfigurationType[];
}

type DestinationMember = 'CloudWatchLogsConfiguration' | 'S3Configuration' | 'FirehoseConfiguration';

const DESTINATIONS: readonly DestinationMember[] = ['CloudWatchLogsConfiguration', 'S3Configuration', 'FirehoseConfiguration'];

/** The level and destinations each event source takes. */
const SOURCES: Record<EventSourceName, { level: LogLevel; destinations: readonly DestinationMember[] }> = {
  userNotification: { level: 'ERROR', destinations: ['CloudWatchLogsConfiguration'] },
  userAuthEvents: { level: 'INFO', destinations: DESTINATIONS },
};

/** The ARN each destination takes: a log group, a bucket, a Firehose stream. The model checks the general ARN shape. */
const ARNS: Record<DestinationMember, { member: string; pattern: RegExp }> = {
  CloudWatchLogsConfiguration: { member: 'LogGroupArn', pattern: /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([\w./#-]+?)(:\*)?$/ },
  S3Configuration: { member: 'BucketArn', pattern: /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/ },
  FirehoseConfiguration: { member: 'StreamArn', pattern: /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([\w.-]+)$/ },
};

/** Where one configuration sends its logs: the kind of destination and the name its ARN gives it. */
export interface Destination {
  kind: 'cloudwatch' | 's3' | 'firehose';
  name: string;
}

const KINDS: Record<DestinationMember, Destination['kind']> = {
  CloudWatchLogsConfiguration: 'cloudwatch',
  S3Configuration: 's3',
  FirehoseConfiguration: 'firehose',
};

const arnOf = (config: LogConfigurationType, member: DestinationMember): string | undefined => {
  const destination = config[member] as Record<string, string | undefined> | undefined;
  return destination?.[ARNS[member].member];
};

/** The configuration's one destination (checked before it was stored). */
export function destinationOf(config: LogConfigurationType): Destination | undefined {
  for (const member of DESTINATIONS) {
    const arn = arnOf(config, member);
    const name = arn && ARNS[member].pattern.exec(arn)?.[1];
    if (name) return { kind: KINDS[member], name };
  }
  return undefined;
}

/** Refuses a configuration list Cognito refuses; the model has checked the enums and the ARN shapes. */
export function checkLogConfigurations(pool: PoolRecord, configs: readonly LogConfigurationType[]): void {
  const seen = new Set<EventSourceName>();
  for (const config of configs) {
    const source = config.EventSource;
    if (seen.has(source)) throw errors.logSourceRepeated(source);
    seen.add(source);
    const rule = SOURCES[source];
    if (config.LogLevel !== rule.level) throw errors.logLevelMismatch(source, rule.level);
    const given = DESTINATIONS.filter((member) => config[member] !== undefined);
    if (given.length !== 1) throw errors.logDestinationCount(source);
    const member = given[0]!;
    if (!rule.destinations.includes(member)) throw errors.logDestinationUnsupported(source, member);
    const arn = arnOf(config, member);
    if (arn === undefined || !ARNS[member].pattern.test(arn)) throw errors.logDestinationArn(`${member}.${ARNS[member].member}`, arn ?? '(none)');
    // User activity logs come from threat protection, a feature of the Plus plan.
    if (source === 'userAuthEvents' && tierOf(pool.settings) !== 'PLUS') throw errors.featureUnavailableInTier('userAuthEvents log delivery', tierOf(pool.settings));
  }
}

/** Only the members of each configuration, in the model's order (what Get answers). */
const normalized = (config: LogConfigurationType): LogConfigurationType => ({
  LogLevel: config.LogLevel,
  EventSource: config.EventSource,
  ...(config.CloudWatchLogsConfiguration ? { CloudWatchLogsConfiguration: { LogGroupArn: config.CloudWatchLogsConfiguration.LogGroupArn } } : {}),
  ...(config.S3Configuration ? { S3Configuration: { BucketArn: config.S3Configuration.BucketArn } } : {}),
  ...(config.FirehoseConfiguration ? { FirehoseConfiguration: { StreamArn: config.FirehoseConfiguration.StreamArn } } : {}),
});

export async function logConfigurations(app: App, poolId: string): Promise<LogConfigurationType[]> {
  const doc = (await app.store.documents.findByClient(poolId, 'logs', '', '')) as PoolDocumentRecord<LogDeliveryBody> | undefined;
  return doc?.body.LogConfigurations ?? [];
}

/** How stale a node's copy of a pool's configuration may be when it delivers logs. */
export const CONFIGURATION_TTL_MS = 5_000;

/** Copies kept before the oldest are forgotten: random pool ids cannot grow the map without bound. */
const CACHED_POOLS = 10_000;

const cached = new WeakMap<App, BoundedMap<string, { configs: LogConfigurationType[]; at: number }>>();

const cacheOf = (app: App) => {
  let cache = cached.get(app);
  if (!cache) cached.set(app, (cache = new BoundedMap(CACHED_POOLS)));
  return cache;
};

/**
 * The configuration as delivery reads it: this node's copy, at most CONFIGURATION_TTL_MS old, so
 * that logging every sign-in does not add a store read to each.
 */
export async function deliveryConfigurations(app: App, poolId: string): Promise<LogConfigurationType[]> {
  const cache = cacheOf(app);
  const now = app.clock.now();
  const hit = cache.get(poolId);
  if (hit && now - hit.at < CONFIGURATION_TTL_MS) return hit.configs;
  const configs = await logConfigurations(app, poolId);
  // Set anew, so that it counts as the newest.
  cache.delete(poolId);
  cache.set(poolId, { configs, at: now });
  return configs;
}

/** Replaces the pool's configuration whole (an empty list turns log delivery off). */
export async function setLogConfigurations(app: App, pool: PoolRecord, configs: readonly LogConfigurationType[]): Promise<LogConfigurationType[]> {
  checkLogConfigurations(pool, configs);
  const body: LogDeliveryBody = { LogConfigurations: configs.map(normalized) };
  const conflict = () => errors.internal('the log delivery configuration changed meanwhile');
  const current = await app.store.documents.findByClient(pool.id, 'logs', '', '');
  if (current) await replaceDocument(app, { ...current, body }, conflict, () => errors.poolNotFound(pool.id));
  else await createDocument(app, { poolId: pool.id, kind: 'logs', clientId: '', name: '', body }, conflict);
  // This node delivers by the new configuration at once; the others within CONFIGURATION_TTL_MS.
  cacheOf(app).delete(pool.id);
  return body.LogConfigurations;
}
