// A pool's MFA and passkey configuration as Get/SetUserPoolMfaConfig show it. These settings live
// in the pool's settings; DescribeUserPool shows only MfaConfiguration among them.
import type {
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigRequest,
  WebAuthnConfigurationType,
} from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { PoolRecord, PoolSettings } from '../store/records.js';

/** Whether a passkey with user verification counts as MFA in the pool (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION). */
export const passkeysCountAsMfa = (pool: PoolRecord): boolean =>
  pool.settings.WebAuthnConfiguration?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';

/** UserVerification is "preferred" unless set (CDK and Amplify document the same default). */
export function webAuthnConfiguration(settings: PoolSettings): WebAuthnConfigurationType {
  return { UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR', ...settings.WebAuthnConfiguration };
}

export function mfaConfigOf(settings: PoolSettings): GetUserPoolMfaConfigResponse {
  return {
    ...(settings.SmsMfaConfiguration ? { SmsMfaConfiguration: settings.SmsMfaConfiguration } : {}),
    SoftwareTokenMfaConfiguration: settings.SoftwareTokenMfaConfiguration ?? { Enabled: false },
    ...(settings.EmailMfaConfiguration ? { EmailMfaConfiguration: settings.EmailMfaConfiguration } : {}),
    MfaConfiguration: settings.MfaConfiguration ?? 'OFF',
    WebAuthnConfiguration: webAuthnConfiguration(settings),
  };
}

/**
 * The settings after SetUserPoolMfaConfig: each member it names replaces the stored one, members it
 * leaves out stay as they are.
 */
export function withMfaConfig(settings: PoolSettings, input: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>): PoolSettings {
  const next: PoolSettings = { ...settings };
  if (input.SmsMfaConfiguration) next.SmsMfaConfiguration = input.SmsMfaConfiguration;
  if (input.SoftwareTokenMfaConfiguration) next.SoftwareTokenMfaConfiguration = input.SoftwareTokenMfaConfiguration;
  if (input.EmailMfaConfiguration) next.EmailMfaConfiguration = input.EmailMfaConfiguration;
  if (input.WebAuthnConfiguration) next.WebAuthnConfiguration = input.WebAuthnConfiguration;
  if (input.MfaConfiguration) next.MfaConfiguration = input.MfaConfiguration;
  if (next.MfaConfiguration !== 'OFF' && next.MfaConfiguration !== undefined && !hasMfaFactor(next)) {
    throw errors.mfaWithoutMethod(next.MfaConfiguration);
  }
  return next;
}

const hasMfaFactor = (s: PoolSettings): boolean =>
  s.SoftwareTokenMfaConfiguration?.Enabled === true || s.SmsMfaConfiguration !== undefined || s.EmailMfaConfiguration !== undefined;
