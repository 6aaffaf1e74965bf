// The request a trigger runs for, as far as triggers need it: the app client and ClientMetadata the
// request came with (passed on to every function it runs, as Cognito passes them), and the list of
// triggers it ran, gathered for its auth event (which shows which ran, how each ended, how long it took).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContext } from '../app.js';
import type { TriggerRun } from '../store/records.js';

export interface TriggerScope {
  readonly ctx: RequestContext;
  readonly clientMetadata?: Record<string, string>;
  readonly runs: TriggerRun[];
}

const current = new AsyncLocalStorage<TriggerScope>();

/** Runs `work` as the request of `scope`: the triggers it runs see its client and metadata, and are noted in its runs. */
export const inTriggerScope = <T>(scope: TriggerScope, work: () => Promise<T>): Promise<T> => current.run(scope, work);

export const triggerScope = (): TriggerScope | undefined => current.getStore();
