// FriendlyCredentialName, "an automatically-generated friendly name" (Cognito API reference,
// WebAuthnCredentialDescription): the provider's name from the credential's AAGUID where the
// table knows it, else the kind of authenticator by attachment, else "Passkey".
import table from './aaguids.json' with { type: 'json' };

const names: Readonly<Record<string, string>> = table.names;

export function friendlyCredentialName(aaguid: string, attachment: string | undefined): string {
  const known = names[aaguid.toLowerCase()];
  if (known) return known;
  if (attachment === 'platform') return 'Platform passkey';
  if (attachment === 'cross-platform') return 'Roaming passkey';
  return 'Passkey';
}
