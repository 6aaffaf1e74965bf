// The rules CreateUserPool and UpdateUserPool apply to a configuration beyond the model's own
// constraints, each refused with InvalidParameterException (or the tier's exception) before anything is stored.
import type { SchemaAttributeType } from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { PoolSettings } from '../store/records.js';
import { isStandardAttribute, schemaName, type PoolConfigInput } from './defaults.js';
import { checkTags } from './tags.js';
import { requireTierFeatures } from './tiers.js';

/** Rules for any pool configuration, new or replaced. */
export function checkPoolSettings(settings: PoolSettings): void {
  // AuthFactorType doc: "SOFTWARE_TOKEN is not currently supported as a first auth factor."
  if (settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors?.includes('SOFTWARE_TOKEN')) {
    throw errors.softwareTokenFirstFactor();
  }
  checkTags(settings.UserPoolTags ?? {});
  requireTierFeatures(settings);
}

/** Rules only CreateUserPool meets: sign-in names and the schema are fixed at creation. */
export function checkNewPoolInput(input: PoolConfigInput): void {
  if (input.UsernameAttributes?.length && input.AliasAttributes?.length) {
    throw errors.aliasAndUsernameAttributes();
  }
  checkSchema(input.Schema ?? []);
}

function checkSchema(schema: SchemaAttributeType[]): void {
  const seen = new Set<string>();
  for (const attribute of schema) {
    const name = schemaName(attribute.Name!);
    if (seen.has(name)) throw errors.duplicateSchemaAttribute(name);
    seen.add(name);
    if (isStandardAttribute(name)) continue;
    if (attribute.Required) throw errors.requiredCustomAttribute();
    const { MinLength, MaxLength } = attribute.StringAttributeConstraints ?? {};
    if (MinLength !== undefined && MaxLength !== undefined && Number(MinLength) > Number(MaxLength)) {
      throw errors.minLengthAboveMax(name);
    }
    const { MinValue, MaxValue } = attribute.NumberAttributeConstraints ?? {};
    if (MinValue !== undefined && MaxValue !== undefined && Number(MinValue) > Number(MaxValue)) {
      throw errors.minValueAboveMax(name);
    }
  }
}
