// What each feature plan (UserPoolTier) includes. Choice-based sign-in, passkeys, email MFA and
// password history need ESSENTIALS or higher; threat protection (advanced security) needs PLUS.
// Cognito docs: "Feature plans" and the UserPoolTier member of CreateUserPool.
import type { UserPoolTierType } from '../protocol/shapes.generated.js';
import { errors } from '../protocol/errors.js';
import type { PoolSettings } from '../store/records.js';

export const DEFAULT_TIER: UserPoolTierType = 'ESSENTIALS';

export const tierOf = (settings: PoolSettings): UserPoolTierType => settings.UserPoolTier ?? DEFAULT_TIER;

/** The configured features `tier` does not include, named as the API names them. */
export function featuresAboveTier(settings: PoolSettings, tier: UserPoolTierType): string[] {
  const found: string[] = [];
  if (tier === 'LITE') {
    const factors = settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];
    if (factors.some((f) => f !== 'PASSWORD')) found.push('AllowedFirstAuthFactors');
    if (settings.Policies?.PasswordPolicy?.PasswordHistorySize) found.push('PasswordHistorySize');
    if (settings.WebAuthnConfiguration) found.push('WebAuthnConfiguration');
    if (settings.EmailMfaConfiguration) found.push('EmailMfaConfiguration');
  }
  const security = settings.UserPoolAddOns?.AdvancedSecurityMode;
  if (tier !== 'PLUS' && security !== undefined && security !== 'OFF') found.push('AdvancedSecurityMode');
  return found;
}

/** Refuses settings that use a feature their own tier does not include. */
export function requireTierFeatures(settings: PoolSettings): void {
  const tier = tierOf(settings);
  const [feature] = featuresAboveTier(settings, tier);
  if (feature) throw errors.featureUnavailableInTier(feature, tier);
}
