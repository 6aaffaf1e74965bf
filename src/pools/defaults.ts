// What Cognito fills in for a pool when CreateUserPool or UpdateUserPool leaves a setting out.
import type {
  CreateUserPoolRequest,
  SchemaAttributeType,
  UpdateUserPoolRequest,
} from '../protocol/shapes.generated.js';
import { DEFAULT_PASSWORD_POLICY } from '../users/passwords.js';
import type { PoolSettings } from '../store/records.js';
import { errors } from '../protocol/errors.js';
import { DEFAULT_TIER } from './tiers.js';

const standard = (
  Name: string,
  AttributeDataType: SchemaAttributeType['AttributeDataType'],
  Mutable = true,
  Required = false,
): SchemaAttributeType => ({
  Name,
  AttributeDataType,
  DeveloperOnlyAttribute: false,
  Mutable,
  Required,
  ...(AttributeDataType === 'String' ? { StringAttributeConstraints: { MinLength: '0', MaxLength: '2048' } } : {}),
});

/** The standard attributes every pool has (OpenID Connect's, plus sub). */
export const STANDARD_ATTRIBUTES: SchemaAttributeType[] = [
  { ...standard('sub', 'String', false, true), StringAttributeConstraints: { MinLength: '1', MaxLength: '2048' } },
  ...['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'email'].map(
    (n) => standard(n, 'String'),
  ),
  standard('email_verified', 'Boolean'),
  standard('gender', 'String'),
  { ...standard('birthdate', 'String'), StringAttributeConstraints: { MinLength: '10', MaxLength: '10' } },
  ...['zoneinfo', 'locale', 'phone_number'].map((n) => standard(n, 'String')),
  standard('phone_number_verified', 'Boolean'),
  standard('address', 'String'),
  { ...standard('updated_at', 'Number'), NumberAttributeConstraints: { MinValue: '0' } },
];

export const isStandardAttribute = (name: string): boolean => STANDARD_ATTRIBUTES.some((s) => s.Name === name);

/** A schema entry's name as the pool stores it: custom attributes carry the `custom:` prefix. */
export const schemaName = (name: string): string =>
  isStandardAttribute(name) || name.startsWith('custom:') ? name : `custom:${name}`;

/** Cognito's limit of custom attributes per pool ("Quotas in Amazon Cognito"). */
export const MAX_CUSTOM_ATTRIBUTES = 50;

/** Developer-only custom attributes are named `dev:custom:...`: only administrators write them. */
export const isDeveloperOnly = (name: string): boolean => name.startsWith('dev:');

export const isCustomAttribute = (name: string): boolean => name.startsWith('custom:') || name.startsWith('dev:custom:');

/**
 * A schema entry as the pool keeps it, named `name`: Cognito's defaults filled in, and only the
 * constraints of its own data type (String's length, Number's range) kept.
 */
export function schemaEntry(attribute: SchemaAttributeType, name: string): SchemaAttributeType {
  const { StringAttributeConstraints, NumberAttributeConstraints, ...rest } = attribute;
  const type = attribute.AttributeDataType ?? 'String';
  return {
    ...rest,
    Name: name,
    AttributeDataType: type,
    DeveloperOnlyAttribute: attribute.DeveloperOnlyAttribute ?? false,
    Mutable: attribute.Mutable ?? true,
    Required: attribute.Required ?? false,
    ...(type === 'String' && StringAttributeConstraints ? { StringAttributeConstraints } : {}),
    ...(type === 'Number' && NumberAttributeConstraints ? { NumberAttributeConstraints } : {}),
  };
}

/** The name CreateUserPool gives a schema entry: custom ones prefixed, developer-only ones as `dev:custom:...`. */
export function creationName(attribute: SchemaAttributeType): string {
  const name = schemaName(attribute.Name!);
  return attribute.DeveloperOnlyAttribute && !isStandardAttribute(name) ? `dev:${name}` : name;
}

/** The pool's schema: the standard attributes (as given where the input redefines one), then custom ones. */
export function poolSchema(input: SchemaAttributeType[] = []): SchemaAttributeType[] {
  const given = input.map((a) => {
    const name = creationName(a);
    const standard = STANDARD_ATTRIBUTES.find((s) => s.Name === name);
    // A standard attribute keeps its own constraints unless the input gives others.
    return standard ? schemaEntry({ ...standard, ...a }, name) : schemaEntry(a, name);
  });
  return STANDARD_ATTRIBUTES.map((s) => given.find((c) => c.Name === s.Name) ?? s).concat(
    given.filter((c) => !isStandardAttribute(c.Name!)),
  );
}

export type PoolConfigInput = Omit<CreateUserPoolRequest, 'PoolName'>;

/** The legacy verification message members and the VerificationMessageTemplate member each stands for. */
const LEGACY_VERIFICATION_MESSAGES = [
  ['EmailVerificationMessage', 'EmailMessage'],
  ['EmailVerificationSubject', 'EmailSubject'],
  ['SmsVerificationMessage', 'SmsMessage'],
] as const;

/**
 * VerificationMessageTemplate and the legacy EmailVerificationMessage, EmailVerificationSubject and
 * SmsVerificationMessage say the same thing: whichever is given sets both, as Cognito shows them.
 * Given both, they must agree.
 */
function verificationMessages(input: PoolConfigInput): Pick<PoolSettings, 'VerificationMessageTemplate' | (typeof LEGACY_VERIFICATION_MESSAGES)[number][0]> {
  const template = { DefaultEmailOption: 'CONFIRM_WITH_CODE' as const, ...input.VerificationMessageTemplate };
  const legacy: Partial<Record<(typeof LEGACY_VERIFICATION_MESSAGES)[number][0], string>> = {};
  for (const [legacyName, templateName] of LEGACY_VERIFICATION_MESSAGES) {
    const old = input[legacyName];
    const current = template[templateName];
    if (old !== undefined && current !== undefined && old !== current) throw errors.verificationMessagesDisagree(legacyName, templateName);
    const value = current ?? old;
    if (value === undefined) continue;
    template[templateName] = value;
    legacy[legacyName] = value;
  }
  return { ...legacy, VerificationMessageTemplate: template };
}

/** Settings of a new pool: the input as given, with Cognito's defaults where it is silent. */
export function newPoolSettings(input: PoolConfigInput): PoolSettings {
  const { Schema, UserAttributeUpdateSettings, ...rest } = input;
  return {
    ...rest,
    Policies: {
      PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...input.Policies?.PasswordPolicy },
      SignInPolicy: input.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: input.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: input.LambdaConfig ?? {},
    SchemaAttributes: poolSchema(Schema),
    ...verificationMessages(input),
    UserAttributeUpdateSettings: UserAttributeUpdateSettings ?? { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
    EmailConfiguration: input.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: 7,
      ...input.AdminCreateUserConfig,
    },
    UserPoolTier: input.UserPoolTier ?? DEFAULT_TIER,
  };
}

/**
 * What UpdateUserPool cannot change, and keeps: the sign-in names and schema fixed at creation, and
 * the MFA factor settings that only SetUserPoolMfaConfig writes.
 */
export const KEPT_ON_UPDATE = [
  'SchemaAttributes',
  'UsernameAttributes',
  'AliasAttributes',
  'UsernameConfiguration',
  'WebAuthnConfiguration',
  'SoftwareTokenMfaConfiguration',
  'EmailMfaConfiguration',
  'SmsMfaConfiguration',
] as const satisfies readonly (keyof PoolSettings)[];

/**
 * UpdateUserPool replaces the whole configuration: a member it leaves out goes back to its default
 * (Cognito API reference, UpdateUserPool). The feature plan and the tags stay as they are unless named.
 */
export function replacedPoolSettings(
  current: PoolSettings,
  input: Omit<UpdateUserPoolRequest, 'UserPoolId' | 'PoolName'>,
): PoolSettings {
  const next = newPoolSettings({
    ...input,
    UserPoolTier: input.UserPoolTier ?? current.UserPoolTier,
    // Tags belong to TagResource as much as to this call: left out, they stay.
    UserPoolTags: input.UserPoolTags ?? current.UserPoolTags,
  });
  for (const key of KEPT_ON_UPDATE) {
    if (current[key] === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = current[key];
  }
  return next;
}
