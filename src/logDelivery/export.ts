// Writing the logs a pool's log delivery configuration asks for. keypool has no CloudWatch, S3 or
// Firehose: each destination is a JSON-lines file under the data folder, named after the log group,
// bucket or stream of its ARN (`<dataDir>/logs/<cloudwatch|s3|firehose>/<name>.jsonl`), one log
// record a line, in the shape of Cognito's exported logs ("Exporting user pool logs").
// Delivery is best effort, as Cognito's: it runs after the request's answer is decided, never delays
// or fails it, and a failure goes to keypool's own log. Records carry identifiers only, never codes,
// passwords or tokens.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { App } from '../app.js';
import type { EventSourceName } from '../protocol/shapes.generated.js';
import type { AuthEventRecord } from '../store/records.js';
import { deliveryConfigurations, destinationOf, type Destination } from './configuration.js';

/** The file a destination's records go to; the name keeps only characters safe in a file name. */
export function destinationFile(dataDir: string, destination: Destination): string {
  const name = destination.name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');
  return join(dataDir, 'logs', destination.kind, `${name}.jsonl`);
}

/** Deliveries under way, per node, so that a test or a shutdown can wait for them. */
const pending = new WeakMap<App, Set<Promise<void>>>();

/** Resolves once every delivery started so far has been written (or has failed and been logged). */
export async function logsDelivered(app: App): Promise<void> {
  await Promise.all([...(pending.get(app) ?? [])]);
}

/** Starts delivering a record to the pool's destinations of `source`, in the background. */
function deliver(app: App, poolId: string, source: EventSourceName, record: () => unknown): void {
  const work = (async () => {
    const configs = (await deliveryConfigurations(app, poolId)).filter((config) => config.EventSource === source);
    if (configs.length === 0) return;
    const line = `${JSON.stringify(record())}\n`;
    for (const config of configs) {
      const destination = destinationOf(config);
      if (!destination) continue;
      const file = destinationFile(app.config.dataDir, destination);
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, line, 'utf8');
    }
  })().catch((error: unknown) => app.log.warn({ pool: poolId, source, err: error }, 'log delivery failed'));
  let set = pending.get(app);
  if (!set) pending.set(app, (set = new Set()));
  set.add(work);
  void work.finally(() => set.delete(work));
}

/**
 * A message that could not be delivered (an email or SMS message, or its custom sender): an
 * ERROR-level userNotification record. `details` names what failed, never the message or its code.
 */
export function exportDeliveryError(app: App, poolId: string, details: string): void {
  const at = app.clock.now();
  deliver(app, poolId, 'userNotification', () => ({
    eventTimestamp: String(at),
    eventSource: 'USER_NOTIFICATION',
    logLevel: 'ERROR',
    message: { details },
    logSourceId: { userPoolId: poolId },
  }));
}

/** One recorded auth event as an INFO-level userAuthEvents record (user activity, threat protection). */
export function exportAuthEvent(app: App, event: AuthEventRecord): void {
  deliver(app, event.poolId, 'userAuthEvents', () => ({
    eventTimestamp: String(event.createdAt),
    eventSource: 'USER_AUTH_EVENTS',
    logLevel: 'INFO',
    message: {
      version: '1',
      eventId: event.id,
      eventType: event.eventType,
      eventTimestamp: event.createdAt,
      userPoolId: event.poolId,
      ...(event.clientId ? { clientId: event.clientId } : {}),
      ...(event.username ? { userName: event.username } : {}),
      eventResponse: event.outcome,
      ...(event.errorType ? { errorType: event.errorType } : {}),
      // Threat protection's assessment (src/risk/assess.ts); an attempt it did not score is low risk.
      riskLevel: (event.risk?.level ?? 'Low').toUpperCase(),
      riskDecision: event.risk?.decision ?? 'NoRisk',
      compromisedCredentialDetected: event.risk?.compromised ?? false,
      ipAddress: event.sourceIp,
      userAgent: event.userAgent,
      ...(event.challenge ? { challenge: event.challenge } : {}),
      ...(event.nextChallenge ? { nextChallenge: event.nextChallenge } : {}),
    },
    logSourceId: { userPoolId: event.poolId },
  }));
}
