// WebAuthn's JSON forms (PublicKeyCredential*OptionsJSON in, Registration/AuthenticationResponseJSON
// out, WebAuthn Level 3 §5.1.8-§5.1.10) converted by hand, so the page works in browsers that do not
// have parseCreationOptionsFromJSON/toJSON yet.

const fromBase64url = (text: string): ArrayBuffer => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
};

const toBase64url = (buffer: ArrayBuffer): string => {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

interface DescriptorJSON {
  id: string;
  type: string;
  transports?: string[];
}

type JsonObject = Record<string, unknown>;

const descriptors = (list: unknown): PublicKeyCredentialDescriptor[] =>
  ((list as DescriptorJSON[] | undefined) ?? []).map((d) => ({
    id: fromBase64url(d.id),
    type: 'public-key',
    ...(d.transports ? { transports: d.transports as AuthenticatorTransport[] } : {}),
  }));

/** The credential's own members around its response's JSON form. */
const credentialJSON = (credential: PublicKeyCredential, response: JsonObject): JsonObject => ({
  id: credential.id,
  rawId: toBase64url(credential.rawId),
  type: credential.type,
  authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
  clientExtensionResults: credential.getClientExtensionResults(),
  response,
});

export async function createPasskey(options: JsonObject): Promise<JsonObject> {
  const user = options.user as { id: string; name: string; displayName: string };
  const publicKey = {
    ...options,
    challenge: fromBase64url(options.challenge as string),
    user: { ...user, id: fromBase64url(user.id) },
    excludeCredentials: descriptors(options.excludeCredentials),
  } as unknown as PublicKeyCredentialCreationOptions;
  const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential | null;
  if (!credential) throw new Error('The browser returned no credential.');
  const response = credential.response as AuthenticatorAttestationResponse;
  return credentialJSON(credential, {
    clientDataJSON: toBase64url(response.clientDataJSON),
    attestationObject: toBase64url(response.attestationObject),
    transports: typeof response.getTransports === 'function' ? response.getTransports() : [],
    ...(typeof response.getPublicKeyAlgorithm === 'function' ? { publicKeyAlgorithm: response.getPublicKeyAlgorithm() } : {}),
  });
}

export async function getPasskey(options: JsonObject): Promise<JsonObject> {
  const publicKey = {
    ...options,
    challenge: fromBase64url(options.challenge as string),
    allowCredentials: descriptors(options.allowCredentials),
  } as unknown as PublicKeyCredentialRequestOptions;
  const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential | null;
  if (!credential) throw new Error('The browser returned no credential.');
  const response = credential.response as AuthenticatorAssertionResponse;
  return credentialJSON(credential, {
    clientDataJSON: toBase64url(response.clientDataJSON),
    authenticatorData: toBase64url(response.authenticatorData),
    signature: toBase64url(response.signature),
    ...(response.userHandle ? { userHandle: toBase64url(response.userHandle) } : {}),
  });
}
