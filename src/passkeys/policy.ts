// keypool's passkey rules where Cognito publishes no number (documented in the README).

/** At most this many passkeys per user: Start at the limit, or a Complete past it, is refused. */
export const MAX_PASSKEYS_PER_USER = 20;
/** How long a registration challenge from StartWebAuthnRegistration can be completed. */
export const REGISTRATION_CHALLENGE_LIFETIME_MS = 5 * 60_000;
/** The `timeout` Cognito puts in CredentialCreationOptions. */
export const REGISTRATION_TIMEOUT_MS = 60_000;
/** ES256 and RS256, in Cognito's order: the only algorithms it offers and accepts. */
export const SUPPORTED_ALGORITHMS: readonly number[] = [-7, -257];
/** Random bytes in a registration challenge (Cognito's are 16). */
export const CHALLENGE_BYTES = 16;
