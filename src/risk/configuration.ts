// Risk configurations (SetRiskConfiguration, DescribeRiskConfiguration): how threat protection answers
// compromised credentials and account-takeover risk, whom it notifies, and which IP ranges it always
// blocks or never assesses. One for the pool, and one per app client that wants its own (which then
// replaces the pool's whole for that client). Kept as 'risk' documents, so they go with their pool
// and client.
import { BlockList, isIP } from 'node:net';
import type { App } from '../app.js';
import { createDocument, replaceDocument } from '../managedLogin/documents.js';
import { errors } from '../protocol/errors.js';
import type {
  AccountTakeoverRiskConfigurationType,
  CompromisedCredentialsRiskConfigurationType,
  EventFilterType,
  NotifyConfigurationType,
  RiskConfigurationType,
  RiskExceptionConfigurationType,
} from '../protocol/shapes.generated.js';
import type { PoolDocumentRecord, PoolRecord } from '../store/records.js';

export interface RiskBody {
  CompromisedCredentialsRiskConfiguration?: CompromisedCredentialsRiskConfigurationType;
  AccountTakeoverRiskConfiguration?: AccountTakeoverRiskConfigurationType;
  RiskExceptionConfiguration?: RiskExceptionConfigurationType;
}

export type RiskDocument = PoolDocumentRecord<RiskBody>;

/** Compromised-credentials detection watches every kind of event unless told otherwise. */
const ALL_EVENTS: EventFilterType[] = ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'];

const SES_IDENTITY = /^arn:aws[a-z-]*:ses:[a-z0-9-]+:\d{12}:identity\/.+$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** ReplyTo may name the sender: `Administrator <admin@example.com>`. */
const NAMED_EMAIL = /^[^<>]*<([^<>]+)>$/;

const TEMPLATES = ['BlockEmail', 'NoActionEmail', 'MfaEmail'] as const;

function checkNotify(notify: NotifyConfigurationType): void {
  if (!SES_IDENTITY.test(notify.SourceArn)) throw errors.riskSourceArnInvalid(notify.SourceArn);
  if (notify.From !== undefined && !EMAIL.test(notify.From)) throw errors.riskEmailInvalid('From');
  if (notify.ReplyTo !== undefined && !EMAIL.test(NAMED_EMAIL.exec(notify.ReplyTo)?.[1] ?? notify.ReplyTo)) throw errors.riskEmailInvalid('ReplyTo');
  for (const template of TEMPLATES) {
    const email = notify[template];
    if (email && email.HtmlBody === undefined && email.TextBody === undefined) throw errors.riskNotifyBodyMissing(template);
  }
}

/** The ranges as one list to match addresses against; refuses what is not CIDR notation. */
export function ipRanges(listName: string, ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', prefixText, extra] = range.split('/');
    const family = isIP(address);
    const prefix = Number(prefixText);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(prefixText ?? '') || prefix > maxPrefix) {
      throw errors.riskIpRangeInvalid(listName, range);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

/** Refuses what Cognito refuses, and fills in what it defaults (every event for compromised credentials). */
export function checkRiskBody(input: RiskBody): RiskBody {
  const body: RiskBody = {};
  const compromised = input.CompromisedCredentialsRiskConfiguration;
  if (compromised) {
    body.CompromisedCredentialsRiskConfiguration = {
      EventFilter: compromised.EventFilter?.length ? [...new Set(compromised.EventFilter)] : ALL_EVENTS,
      Actions: { EventAction: compromised.Actions.EventAction },
    };
  }
  const takeover = input.AccountTakeoverRiskConfiguration;
  if (takeover) {
    const actions = [takeover.Actions.LowAction, takeover.Actions.MediumAction, takeover.Actions.HighAction];
    if (takeover.NotifyConfiguration) checkNotify(takeover.NotifyConfiguration);
    else if (actions.some((action) => action?.Notify)) throw errors.riskNotifyConfigurationMissing();
    body.AccountTakeoverRiskConfiguration = takeover;
  }
  const exceptions = input.RiskExceptionConfiguration;
  if (exceptions) {
    ipRanges('BlockedIPRangeList', exceptions.BlockedIPRangeList ?? []);
    ipRanges('SkippedIPRangeList', exceptions.SkippedIPRangeList ?? []);
    body.RiskExceptionConfiguration = exceptions;
  }
  return body;
}

const isEmpty = (body: RiskBody) =>
  !body.CompromisedCredentialsRiskConfiguration && !body.AccountTakeoverRiskConfiguration && !body.RiskExceptionConfiguration;

/** The pool's own configuration (clientId '') or a client's, as stored. */
export async function riskDocument(app: App, poolId: string, clientId: string): Promise<RiskDocument | undefined> {
  return (await app.store.documents.findByClient(poolId, 'risk', clientId, '')) as RiskDocument | undefined;
}

/** What applies to a client's sign-ins: its own configuration, else the pool's. */
export async function effectiveRiskBody(app: App, poolId: string, clientId: string | undefined): Promise<RiskBody | undefined> {
  const own = clientId ? await riskDocument(app, poolId, clientId) : undefined;
  return (own ?? (await riskDocument(app, poolId, '')))?.body;
}

export function describeRisk(poolId: string, doc: RiskDocument | undefined, clientId?: string): RiskConfigurationType {
  return {
    UserPoolId: poolId,
    ...(clientId ? { ClientId: clientId } : {}),
    ...doc?.body,
    ...(doc ? { LastModifiedDate: new Date(doc.updatedAt) } : {}),
  };
}

/**
 * Replaces the configuration of the pool (clientId '') or of a client. A request with none of the
 * three configurations removes it: the pool's goes back to the defaults, a client's to the pool's.
 */
export async function setRiskConfiguration(app: App, pool: PoolRecord, clientId: string, input: RiskBody): Promise<RiskDocument | undefined> {
  const body = checkRiskBody(input);
  const current = await riskDocument(app, pool.id, clientId);
  if (isEmpty(body)) {
    if (current) await app.store.documents.delete(pool.id, 'risk', current.id);
    return undefined;
  }
  const conflict = () => errors.internal('the risk configuration changed meanwhile');
  if (current) return replaceDocument(app, { ...current, body }, conflict, () => errors.poolNotFound(pool.id));
  try {
    return await createDocument(app, { poolId: pool.id, kind: 'risk', clientId, name: '', body }, () => new CreatedMeanwhile());
  } catch (error) {
    if (!(error instanceof CreatedMeanwhile)) throw error;
    // Another request created it first: the last write wins, as for any replacement.
    const created = await riskDocument(app, pool.id, clientId);
    if (!created) throw conflict();
    return replaceDocument(app, { ...created, body }, conflict, () => errors.poolNotFound(pool.id));
  }
}

class CreatedMeanwhile extends Error {}
