// What every operation can reach: configuration, the store, the clock, the log and the key ring.
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Store } from './store/store.js';
import type { KeyRing } from './tokens/keys.js';

export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly keys: KeyRing;
  /** `<public base URL>/<poolId>`: the `iss` of the pool's tokens. */
  issuer(poolId: string): string;
}

export interface RequestContext {
  readonly app: App;
  readonly requestId: string;
  readonly operation: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** Log fields gathered while handling (pool, client, user); never secrets. */
  readonly annotations: Record<string, string>;
}

export interface Operation<Input, Output> {
  readonly name: string;
  readonly handler: (input: Input, ctx: RequestContext) => Promise<Output>;
}

/** One Cognito operation: its wire name and what it does. */
export function defineOperation<Input, Output>(
  name: string,
  handler: (input: Input, ctx: RequestContext) => Promise<Output>,
): Operation<Input, Output> {
  return { name, handler };
}
