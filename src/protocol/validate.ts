// Input validation against the AWS model's constraints, worded as AWS words it:
//   "2 validation errors detected: Value 'x' at 'userPoolId' failed to satisfy constraint: ...; ..."
// Sensitive members are named without their value. Wrong JSON types are SerializationException,
// as the service's deserializer reports them before any constraint is checked.
import { errors, type CognitoError } from './errors.js';
import { shape, type ShapeDef } from './model.js';
import { satisfiesPattern } from './patterns.js';

const SURROGATE = /[\uD800-\uDFFF]/;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Code points, as the model's lengths count them: a surrogate pair is one. Counted without copying the text. */
function codePoints(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a structure' : `a ${typeof value}`;
}

function serializationError(path: string, expected: string, value: unknown): CognitoError {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && expected !== 'structure or map') {
    return errors.serialization();
  }
  if (Array.isArray(value)) return errors.listNotExpected();
  return errors.unexpectedType(expected, path, describe(value));
}

class Validator {
  readonly violations: string[] = [];

  private violation(path: string, value: unknown, sensitive: boolean, constraint: string) {
    const shown = sensitive || value === undefined ? '' : ` '${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
    this.violations.push(`Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  private lengthOf(value: unknown): number {
    if (typeof value === 'string') return codePoints(value);
    if (Array.isArray(value)) return value.length;
    return Object.keys(value as object).length;
  }

  /** Returns the value's length. */
  private checkLength(def: ShapeDef, path: string, value: unknown, sensitive: boolean): number {
    const length = this.lengthOf(value);
    if (def.min !== undefined && length < def.min) {
      this.violation(path, value, sensitive, `Member must have length greater than or equal to ${def.min}`);
    }
    if (def.max !== undefined && length > def.max) {
      this.violation(path, value, sensitive, `Member must have length less than or equal to ${def.max}`);
    }
    return length;
  }

  check(shapeName: string, value: unknown, path: string, inheritedSensitive = false): void {
    const def = shape(shapeName);
    const sensitive = inheritedSensitive || def.sensitive === true;
    switch (def.type) {
      case 'structure': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw serializationError(path, 'structure or map', value);
        }
        const record = value as Record<string, unknown>;
        for (const [member, memberShape] of Object.entries(def.members ?? {})) {
          const memberPath = path ? `${path}.${lowerFirst(member)}` : lowerFirst(member);
          const memberValue = record[member];
          if (memberValue === undefined || memberValue === null) {
            // A null member is an absent one, as Cognito reads it (amazon-cognito-identity-js sends
            // `ValidationData: null`); dropped so that operations never meet a null.
            delete record[member];
            if (def.required?.includes(member)) {
              this.violations.push(`Value null at '${memberPath}' failed to satisfy constraint: Member must not be null`);
            }
            continue;
          }
          this.check(memberShape, memberValue, memberPath, sensitive);
        }
        return;
      }
      case 'string': {
        if (typeof value !== 'string') throw serializationError(path, 'a string', value);
        const length = this.checkLength(def, path, value, sensitive);
        // Past its maximum a value is refused for its length alone: no pattern runs on it (patterns.ts).
        const tooLong = def.max !== undefined && length > def.max;
        if (def.pattern && !tooLong && !satisfiesPattern(def.pattern, value, length)) {
          this.violation(path, value, sensitive, `Member must satisfy regular expression pattern: ${def.pattern}`);
        }
        if (def.enum && !def.enum.includes(value)) {
          this.violation(path, value, sensitive, `Member must satisfy enum value set: [${def.enum.join(', ')}]`);
        }
        return;
      }
      case 'integer':
      case 'long': {
        if (typeof value !== 'number' || !Number.isInteger(value)) throw serializationError(path, 'an integer', value);
        if (def.min !== undefined && value < def.min) {
          this.violation(path, value, sensitive, `Member must have value greater than or equal to ${def.min}`);
        }
        if (def.max !== undefined && value > def.max) {
          this.violation(path, value, sensitive, `Member must have value less than or equal to ${def.max}`);
        }
        return;
      }
      case 'boolean':
        if (typeof value !== 'boolean') throw serializationError(path, 'a boolean', value);
        return;
      case 'timestamp':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw serializationError(path, 'a timestamp', value);
        return;
      case 'blob':
        if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
          throw serializationError(path, 'base64-encoded data', value);
        }
        this.checkLength(def, path, value, sensitive);
        return;
      case 'list': {
        if (!Array.isArray(value)) throw serializationError(path, 'a list', value);
        this.checkLength(def, path, value, sensitive);
        if (value.includes(null)) this.violation(path, value, sensitive, 'Member must satisfy constraint: [Member must not be null]');
        value.forEach((item, index) => {
          if (item === null) return;
          this.check(def.member!, item, `${path}.${index + 1}.member`, sensitive);
        });
        return;
      }
      case 'map': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw serializationError(path, 'structure or map', value);
        }
        this.checkLength(def, path, value, sensitive);
        if (Object.values(value).includes(null)) {
          this.violation(path, value, sensitive, 'Map value must satisfy constraint: [Member must not be null]');
        }
        for (const [key, item] of Object.entries(value)) {
          this.check(def.key!, key, `${path}.key`, sensitive);
          if (item !== null) this.check(def.value!, item, `${path}.${key}`, sensitive);
        }
        return;
      }
      case 'document':
        return;
    }
  }
}

/** Throws InvalidParameterException (or SerializationException) when `input` breaks the model's constraints. */
export function validateInput(inputShape: string, input: unknown): void {
  const validator = new Validator();
  validator.check(inputShape, input, '');
  const count = validator.violations.length;
  if (count === 0) return;
  throw errors.validationFailed(validator.violations);
}
