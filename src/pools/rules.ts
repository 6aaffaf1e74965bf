// The rules CreateUserPool and UpdateUserPool apply to a configuration beyond the model's own
// constraints, each refused with InvalidParameterException (or the tier's exception) before anything is stored.
import type { SchemaAttributeType } from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { PoolSettings } from '../store/records.js';
import { schemaName, STANDARD_ATTRIBUTES, type PoolConfigInput } from './defaults.js';
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

/** The longest value a String attribute may hold. */
const MAX_STRING_LENGTH = 2048;

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
    if (!attribute.Name) throw errors.schemaAttributeNameMissing();
    const name = schemaName(attribute.Name);
    if (seen.has(name)) throw errors.duplicateSchemaAttribute(name);
    seen.add(name);
    const standard = STANDARD_ATTRIBUTES.find((s) => s.Name === name);
    if (standard) {
      const typeChanged = attribute.AttributeDataType !== undefined && attribute.AttributeDataType !== standard.AttributeDataType;
      if (typeChanged || attribute.DeveloperOnlyAttribute) throw errors.standardAttributeChanged(name);
    }
    checkConstraints(attribute, name, standard === undefined);
  }
}

/** The rules of one attribute definition: a custom one must say its type and cannot be required; constraints must make sense. */
export function checkConstraints(attribute: SchemaAttributeType, name: string, custom: boolean): void {
  if (custom) {
    if (attribute.AttributeDataType === undefined) throw errors.customAttributeWithoutType(name);
    if (attribute.Required) throw errors.requiredCustomAttribute();
  }
  const { MinLength, MaxLength } = attribute.StringAttributeConstraints ?? {};
  for (const bound of [MinLength, MaxLength]) {
    if (bound !== undefined && (!/^[0-9]+$/.test(bound) || Number(bound) > MAX_STRING_LENGTH)) throw errors.stringLengthInvalid(name, MAX_STRING_LENGTH);
  }
  if (MinLength !== undefined && MaxLength !== undefined && Number(MinLength) > Number(MaxLength)) {
    throw errors.minLengthAboveMax(name);
  }
  const { MinValue, MaxValue } = attribute.NumberAttributeConstraints ?? {};
  for (const bound of [MinValue, MaxValue]) {
    if (bound !== undefined && !/^-?[0-9]+$/.test(bound)) throw errors.numberBoundInvalid(name);
  }
  if (MinValue !== undefined && MaxValue !== undefined && Number(MinValue) > Number(MaxValue)) {
    throw errors.minValueAboveMax(name);
  }
}
