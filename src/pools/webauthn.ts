// A pool's passkey settings as WebAuthn ceremonies need them: whether passkeys are on, the
// relying-party id, user verification and the factor configuration (SetUserPoolMfaConfig's
// WebAuthnConfiguration), with keypool's documented defaults where Cognito is silent.
import type { App } from '../app.js';
import type { PoolRecord } from '../store/records.js';

export interface WebAuthnSettings {
  /** Undefined when the pool has neither a configured RelyingPartyId nor a domain. */
  rpId: string | undefined;
  userVerification: 'required' | 'preferred';
  factorConfiguration: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

/** WEB_AUTHN among the pool's AllowedFirstAuthFactors, on a tier that has passkeys (not LITE). */
export function passkeysEnabled(pool: PoolRecord): boolean {
  const factors = pool.settings.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? [];
  return factors.includes('WEB_AUTHN') && pool.settings.UserPoolTier !== 'LITE';
}

/** The region a pool lives in, from its id (`us-east-1_AbC123xyZ`). */
export const poolRegion = (poolId: string): string => poolId.slice(0, poolId.indexOf('_'));

/**
 * RP ID: the configured RelyingPartyId; else the custom domain; else the prefix domain's host
 * `<prefix>.auth.<region>.amazoncognito.com`; else none (WebAuthnConfigurationMissingException).
 */
export async function webAuthnSettings(app: App, pool: PoolRecord): Promise<WebAuthnSettings> {
  const configured = pool.settings.WebAuthnConfiguration;
  return {
    rpId: configured?.RelyingPartyId ?? (await domainRpId(app, pool)),
    userVerification: configured?.UserVerification === 'required' ? 'required' : 'preferred',
    factorConfiguration:
      configured?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION' ? 'MULTI_FACTOR_WITH_USER_VERIFICATION' : 'SINGLE_FACTOR',
  };
}

async function domainRpId(app: App, pool: PoolRecord): Promise<string | undefined> {
  const domains = await app.store.domains.listForPool(pool.id);
  const custom = domains.find((d) => d.custom);
  if (custom) return custom.domain;
  const prefix = domains.find((d) => !d.custom);
  return prefix ? `${prefix.domain}.auth.${poolRegion(pool.id)}.amazoncognito.com` : undefined;
}

/**
 * Whether a ceremony's origin belongs to the RP ID (WebAuthn §5.1.4.1 / §13.4.9): https://<rpId> or
 * https://<sub>.<rpId> on any port; with RP ID `localhost` also http://localhost on any port; and
 * any origin the operator lists (native apps' `android:apk-key-hash:` origins, for example).
 */
export function isOriginAllowed(rpId: string, origin: string, extraOrigins: readonly string[]): boolean {
  if (extraOrigins.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An origin is scheme://host[:port] and nothing else, serialized as browsers do.
  if (url.origin !== origin) return false;
  const host = url.hostname.toLowerCase();
  const rp = rpId.toLowerCase();
  const hostMatches = host === rp || host.endsWith(`.${rp}`);
  if (url.protocol === 'https:') return hostMatches;
  return url.protocol === 'http:' && rp === 'localhost' && host === 'localhost';
}
