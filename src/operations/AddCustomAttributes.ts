import { defineOperation } from '../app.js';
import { MAX_CUSTOM_ATTRIBUTES, isCustomAttribute, schemaEntry } from '../pools/defaults.js';
import { requirePool } from '../pools/lookup.js';
import { checkConstraints } from '../pools/rules.js';
import { errors } from '../protocol/errors.js';
import type { PoolSettings } from '../store/records.js';

// Custom attributes are added for good: none is changed or removed afterwards. Cognito prefixes every
// name it is given here (so "custom:x" becomes "custom:custom:x"), developer-only ones as dev:custom:.
export default defineOperation({ name: 'AddCustomAttributes', quota: 'UserPoolUpdate' }, async (input, ctx) => {
  const pool = await requirePool(ctx.app, input.UserPoolId);
  ctx.note({ pool: pool.id });
  const added = input.CustomAttributes.map((attribute) => {
    if (!attribute.Name) throw errors.schemaAttributeNameMissing();
    const name = `${attribute.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${attribute.Name}`;
    checkConstraints(attribute, name, true);
    return schemaEntry(attribute, name);
  });
  const add = (settings: PoolSettings): PoolSettings => {
    const schema = settings.SchemaAttributes ?? [];
    const taken = new Set(schema.map((a) => a.Name!.replace(/^dev:/, '')));
    for (const attribute of added) {
      const base = attribute.Name!.replace(/^dev:/, '');
      if (taken.has(base)) throw errors.customAttributeExists(attribute.Name!);
      taken.add(base);
    }
    if (schema.filter((a) => isCustomAttribute(a.Name!)).length + added.length > MAX_CUSTOM_ATTRIBUTES) {
      throw errors.tooManyCustomAttributes(MAX_CUSTOM_ATTRIBUTES);
    }
    return { ...settings, SchemaAttributes: [...schema, ...added] };
  };
  if (!(await ctx.app.store.pools.changeSettings(pool.id, add, ctx.app.clock.now()))) throw errors.poolNotFound(pool.id);
  return {};
});
