// Provisioned request-rate limits (Get/UpdateProvisionedLimit): the rate of an API category raised
// above Cognito's default ("Quotas in Amazon Cognito", managing provisioned limits). The limit is
// kept in the store, so every node reads the same one, and it is the rate the quotas enforce
// (src/protocol/quotas.ts) when they are on: each node refreshes what it knows at most every
// REFRESH_MS, and at once after an update it answers itself.
import type { App } from '../app.js';
import type { LimitDefinitionType, LimitType } from './shapes.generated.js';
import { errors } from './errors.js';
import { DEFAULT_QUOTAS, type QuotaCategory } from './quotas.js';

/** How stale a node's copy of the stored limits may be. */
export const REFRESH_MS = 5_000;

/**
 * The account maximum Service Quotas would grant: Cognito publishes none, keypool allows ten times
 * the default rate of each category.
 */
export const MAXIMUM_FACTOR = 10;

export const maximumOf = (category: QuotaCategory): number => DEFAULT_QUOTAS[category] * MAXIMUM_FACTOR;

const isCategory = (name: string): name is QuotaCategory => Object.hasOwn(DEFAULT_QUOTAS, name);

/** The category a limit definition names: LimitClass API_CATEGORY (the model's one) and one attribute, Category. */
export function categoryOf(definition: LimitDefinitionType): QuotaCategory {
  const keys = Object.keys(definition.Attributes ?? {});
  const category = definition.Attributes?.Category;
  if (keys.length !== 1 || category === undefined) throw errors.limitClassAttributes();
  if (!isCategory(category)) throw errors.limitCategoryUnknown(category);
  return category;
}

/** One node's copy of the stored limits. */
export class ProvisionedLimits {
  private stored: Record<string, number> = {};
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading?: Promise<void>;

  constructor(private readonly app: App) {}

  /** The stored limits, reloaded when this node's copy is older than REFRESH_MS. */
  private async current(): Promise<Record<string, number>> {
    if (this.app.clock.now() - this.loadedAt >= REFRESH_MS) {
      this.loading ??= this.app.store.limits
        .list()
        .then((stored) => {
          this.stored = stored;
          this.loadedAt = this.app.clock.now();
        })
        .finally(() => (this.loading = undefined));
      await this.loading;
    }
    return this.stored;
  }

  /** The rate this node enforces for the category: the provisioned limit, else the configured rate, else Cognito's default. */
  async rateOf(category: QuotaCategory): Promise<number> {
    return (await this.current())[category] ?? this.app.config.quotas?.[category] ?? DEFAULT_QUOTAS[category];
  }

  async describe(category: QuotaCategory, definition: LimitDefinitionType): Promise<LimitType> {
    return {
      LimitDefinition: { LimitClass: definition.LimitClass, Attributes: { Category: category } },
      ProvisionedLimitValue: Math.floor(await this.rateOf(category)),
      FreeLimitValue: DEFAULT_QUOTAS[category],
    };
  }

  /** Sets the category's limit, between its default and the maximum. */
  async update(category: QuotaCategory, rps: number): Promise<void> {
    if (rps < DEFAULT_QUOTAS[category]) throw errors.limitBelowDefault(category, DEFAULT_QUOTAS[category]);
    if (rps > maximumOf(category)) throw errors.limitAboveMaximum(category, maximumOf(category));
    await this.app.store.limits.set(category, rps, this.app.clock.now());
    this.stored = { ...this.stored, [category]: rps };
  }
}

const perNode = new WeakMap<App, ProvisionedLimits>();

/** This node's provisioned limits. */
export function provisionedLimits(app: App): ProvisionedLimits {
  let limits = perNode.get(app);
  if (!limits) perNode.set(app, (limits = new ProvisionedLimits(app)));
  return limits;
}
