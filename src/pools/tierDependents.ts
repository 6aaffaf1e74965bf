// What a pool has set up outside its settings that needs its feature plan: a replica needs
// ESSENTIALS or PLUS, user activity log delivery needs PLUS. While one exists, UpdateUserPool cannot
// move the pool to a plan without it (TierChangeNotAllowedException), as for MFA settings.
import type { App } from '../app.js';
import { logConfigurations } from '../logDelivery/configuration.js';
import type { UserPoolTierType } from '../protocol/shapes.generated.js';
import { findReplica } from './replicas.js';

/** The first thing the pool has that `tier` does not include, named for the error; undefined when none. */
export async function dependentAboveTier(app: App, poolId: string, tier: UserPoolTierType): Promise<string | undefined> {
  if (tier === 'LITE' && (await findReplica(app, poolId))) return 'Multi-Region replication';
  if (tier !== 'PLUS' && (await logConfigurations(app, poolId)).some((c) => c.EventSource === 'userAuthEvents')) return 'userAuthEvents log delivery';
  return undefined;
}
