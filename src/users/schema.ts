// User attributes checked against the pool's schema, as Cognito checks them on SignUp, AdminCreateUser
// and the attribute updates: unknown names, required ones, immutable ones, formats, and what an app
// client may write.
import type { AttributeType, SchemaAttributeType } from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { ClientRecord, PoolRecord } from '../store/records.js';
import { isDeveloperOnly } from '../pools/defaults.js';

/** Who writes: a user through an app client (SignUp, UpdateUserAttributes) or an administrator. */
export type Writer = { kind: 'client'; client: ClientRecord } | { kind: 'admin' };

/** Attributes only the service or an administrator sets (docs: "User pool attributes", verification). */
const ADMIN_ONLY = new Set(['email_verified', 'phone_number_verified']);

const E164 = /^\+[0-9]{4,15}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export const isEmail = (value: string): boolean => EMAIL.test(value);
export const isPhoneNumber = (value: string): boolean => E164.test(value);

/** Whether `writer` may write (or delete) the attribute: an app client only what its WriteAttributes allow. */
export function mayWrite(writer: Writer, name: string): boolean {
  if (writer.kind === 'admin') return true;
  if (isDeveloperOnly(name)) return false;
  const allowed = writer.client.settings.WriteAttributes;
  return ADMIN_ONLY.has(name) ? !!allowed?.includes(name) : allowed === undefined || allowed.length === 0 || allowed.includes(name);
}

export function schemaOf(pool: PoolRecord, name: string): SchemaAttributeType | undefined {
  return (pool.settings.SchemaAttributes ?? []).find((a) => a.Name === name);
}

function valueProblem(attribute: SchemaAttributeType, value: string): string | undefined {
  const name = attribute.Name!;
  switch (attribute.AttributeDataType) {
    case 'Number': {
      if (value !== '' && !/^-?[0-9]+(\.[0-9]+)?$/.test(value)) return `${name}: Number must be a valid number`;
      const n = Number(value);
      const { MinValue, MaxValue } = attribute.NumberAttributeConstraints ?? {};
      if (MinValue !== undefined && n < Number(MinValue)) return `${name}: Number must be greater than or equal to ${MinValue}`;
      if (MaxValue !== undefined && n > Number(MaxValue)) return `${name}: Number must be less than or equal to ${MaxValue}`;
      return undefined;
    }
    case 'Boolean':
      return /^(true|false)$/i.test(value) ? undefined : `${name}: Boolean must be true or false`;
    case 'DateTime':
      return Number.isNaN(Date.parse(value)) ? `${name}: DateTime must be a valid date` : undefined;
    default: {
      const { MinLength, MaxLength } = attribute.StringAttributeConstraints ?? {};
      const length = [...value].length;
      if (MaxLength !== undefined && length > Number(MaxLength)) return `${name}: String must be no longer than ${MaxLength} characters`;
      if (MinLength !== undefined && length < Number(MinLength) && value !== '') {
        return `${name}: String must be at least ${MinLength} characters long`;
      }
      return undefined;
    }
  }
}

/**
 * Checks attributes a request wants to write. `creating` adds the required-attribute check (against
 * `existing`, the attributes the user will have otherwise, e.g. an email taken from the username).
 */
export function checkAttributes(
  pool: PoolRecord,
  list: AttributeType[] | undefined,
  writer: Writer,
  options: { creating: boolean; existing?: Record<string, string> },
): Record<string, string> {
  const attributes: Record<string, string> = {};
  const problems: string[] = [];
  for (const { Name, Value } of list ?? []) {
    const name = Name!;
    const schema = schemaOf(pool, name);
    if (!schema || name === 'sub') {
      problems.push(
        name === 'sub' ? 'sub: Attribute cannot be updated. (changing an immutable attribute)' : `${name}: Attribute does not exist in the schema.`,
      );
      continue;
    }
    attributes[name] = Value ?? '';
  }
  if (problems.length) throw errors.schemaViolation(problems);

  for (const name of Object.keys(attributes)) {
    if (!mayWrite(writer, name)) throw errors.unauthorizedAttribute(`attribute ${name}`);
    const schema = schemaOf(pool, name)!;
    if (!options.creating && schema.Mutable === false && options.existing?.[name] !== undefined) {
      problems.push(`${name}: Attribute cannot be updated. (changing an immutable attribute)`);
      continue;
    }
    const problem = valueProblem(schema, attributes[name]!);
    if (problem) problems.push(problem);
    // Cognito takes "True" or "FALSE" and keeps them as "true" and "false".
    else if (schema.AttributeDataType === 'Boolean') attributes[name] = attributes[name]!.toLowerCase();
  }
  if (problems.length) throw errors.schemaViolation(problems);

  if (attributes.phone_number !== undefined && attributes.phone_number !== '' && !isPhoneNumber(attributes.phone_number)) {
    throw errors.invalidPhoneNumber();
  }
  if (attributes.email !== undefined && attributes.email !== '' && !isEmail(attributes.email)) {
    throw errors.invalidEmail();
  }

  if (options.creating) {
    const all = { ...options.existing, ...attributes };
    const missing = (pool.settings.SchemaAttributes ?? [])
      .filter((a) => a.Required && a.Name !== 'sub' && !all[a.Name!])
      .map((a) => `${a.Name}: The attribute is required`);
    if (missing.length) throw errors.schemaViolation(missing);
  }
  return attributes;
}
