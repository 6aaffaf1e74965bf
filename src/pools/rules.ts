// The rules CreateUserPool and UpdateUserPool apply to a configuration beyond the model's own
// constraints, each refused with InvalidParameterException (or the tier's exception) before anything is stored.
import type { SchemaAttributeType } from '../protocol/shapes.generated.js';
import { invalidParameter } from '../protocol/errors.js';
import type { PoolSettings } from '../store/records.js';
import { isStandardAttribute, schemaName, type PoolConfigInput } from './defaults.js';
import { requireTierFeatures } from './tiers.js';

/** Rules for any pool configuration, new or replaced. */
export function checkPoolSettings(settings: PoolSettings): void {
  // AuthFactorType doc: "SOFTWARE_TOKEN is not currently supported as a first auth factor."
  if (settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors?.includes('SOFTWARE_TOKEN')) {
    throw invalidParameter('SOFTWARE_TOKEN is not currently supported as a first auth factor.');
  }
  requireTierFeatures(settings);
}

/** Rules only CreateUserPool meets: sign-in names and the schema are fixed at creation. */
export function checkNewPoolInput(input: PoolConfigInput): void {
  if (input.UsernameAttributes?.length && input.AliasAttributes?.length) {
    throw invalidParameter('Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  checkSchema(input.Schema ?? []);
}

function checkSchema(schema: SchemaAttributeType[]): void {
  const seen = new Set<string>();
  for (const attribute of schema) {
    const name = schemaName(attribute.Name!);
    if (seen.has(name)) throw invalidParameter(`Duplicate attribute name in the schema: ${name}.`);
    seen.add(name);
    if (isStandardAttribute(name)) continue;
    if (attribute.Required) throw invalidParameter('Required custom attributes are not supported currently.');
    const { MinLength, MaxLength } = attribute.StringAttributeConstraints ?? {};
    if (MinLength !== undefined && MaxLength !== undefined && Number(MinLength) > Number(MaxLength)) {
      throw invalidParameter(`The MinLength of ${name} is greater than its MaxLength.`);
    }
    const { MinValue, MaxValue } = attribute.NumberAttributeConstraints ?? {};
    if (MinValue !== undefined && MaxValue !== undefined && Number(MinValue) > Number(MaxValue)) {
      throw invalidParameter(`The MinValue of ${name} is greater than its MaxValue.`);
    }
  }
}
