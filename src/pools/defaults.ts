// What Cognito fills in for a new pool when CreateUserPool leaves a setting out.
import type { CreateUserPoolCommandInput, SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import { DEFAULT_PASSWORD_POLICY } from '../users/passwords.js';
import type { PoolSettings } from '../store/records.js';

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

/** Settings of a new pool: the input as given, with Cognito's defaults where it is silent. */
export function newPoolSettings(input: Omit<CreateUserPoolCommandInput, 'PoolName'>): PoolSettings {
  const { Schema, UserAttributeUpdateSettings, ...rest } = input;
  const custom = (Schema ?? []).map((a) => ({
    ...a,
    Name: STANDARD_ATTRIBUTES.some((s) => s.Name === a.Name) || a.Name!.startsWith('custom:') ? a.Name : `custom:${a.Name}`,
    DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
    Mutable: a.Mutable ?? true,
    Required: a.Required ?? false,
  }));
  const schema = STANDARD_ATTRIBUTES.map((s) => custom.find((c) => c.Name === s.Name) ?? s).concat(
    custom.filter((c) => !STANDARD_ATTRIBUTES.some((s) => s.Name === c.Name)),
  );
  return {
    ...rest,
    Policies: {
      PasswordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...input.Policies?.PasswordPolicy },
      SignInPolicy: input.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] },
    },
    DeletionProtection: input.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: input.LambdaConfig ?? {},
    SchemaAttributes: schema,
    VerificationMessageTemplate: input.VerificationMessageTemplate ?? { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    UserAttributeUpdateSettings: UserAttributeUpdateSettings ?? { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
    EmailConfiguration: input.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: false,
      UnusedAccountValidityDays: 7,
      ...input.AdminCreateUserConfig,
    },
    UserPoolTier: input.UserPoolTier ?? 'ESSENTIALS',
  };
}
