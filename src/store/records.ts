// What the store keeps. Times are epoch milliseconds. Settings objects are kept in Cognito's own
// wire shapes (the model's types, src/protocol/shapes.generated.ts) so that Describe* answers are a projection of them.
import type {
  AuthFlowType,
  ChallengeNameType,
  UserPoolClientType,
  UserPoolType,
  WebAuthnConfigurationType,
  SoftwareTokenMfaConfigType,
  EmailMfaConfigType,
  SmsMfaConfigType,
} from '../protocol/shapes.generated.js';

/** Everything a pool is configured with, as CreateUserPool/UpdateUserPool/SetUserPoolMfaConfig accept it. */
export type PoolSettings = Omit<
  UserPoolType,
  'Id' | 'Name' | 'Arn' | 'CreationDate' | 'LastModifiedDate' | 'EstimatedNumberOfUsers' | 'Domain' | 'CustomDomain'
> & {
  WebAuthnConfiguration?: WebAuthnConfigurationType;
  SoftwareTokenMfaConfiguration?: SoftwareTokenMfaConfigType;
  EmailMfaConfiguration?: EmailMfaConfigType;
  SmsMfaConfiguration?: SmsMfaConfigType;
};

export interface PoolRecord {
  id: string;
  name: string;
  settings: PoolSettings;
  createdAt: number;
  updatedAt: number;
}

export type ClientSettings = Omit<
  UserPoolClientType,
  'UserPoolId' | 'ClientId' | 'ClientName' | 'ClientSecret' | 'CreationDate' | 'LastModifiedDate'
>;

/** One of an app client's secrets (at most two, so that a secret can be rotated without downtime). */
export interface ClientSecretRecord {
  /** `<client-id>--<creation time>`, as Cognito forms it. */
  id: string;
  value: string;
  createdAt: number;
}

export interface ClientRecord {
  poolId: string;
  clientId: string;
  clientName: string;
  /** Oldest first; empty for a public client. */
  clientSecrets: ClientSecretRecord[];
  settings: ClientSettings;
  createdAt: number;
  updatedAt: number;
}

export interface DomainRecord {
  domain: string;
  poolId: string;
  /** A custom domain (a host name of the operator's) rather than a prefix under amazoncognito.com. */
  custom: boolean;
  certificateArn?: string;
  managedLoginVersion?: number;
  createdAt: number;
}

export type KeyUse = 'id' | 'access';

export interface SigningKeyRecord {
  poolId: string;
  kid: string;
  use: KeyUse;
  /** PKCS#8 PEM. Never leaves the server. */
  privateKeyPem: string;
  /** The public JWK as served in the pool's JWKS (kid, alg, use included). */
  publicJwk: Record<string, string>;
  createdAt: number;
  /** A retired key no longer signs but stays in the JWKS until its tokens have expired. */
  retiredAt?: number;
}

/** The key a pool signs SAML requests with, and its self-signed certificate (GetSigningCertificate). */
export interface SamlSigningRecord {
  poolId: string;
  /** PKCS#8 PEM, sealed as signing keys are. Never leaves the server. */
  privateKeyPem: string;
  /** The X.509 certificate, base64 DER. */
  certificate: string;
  createdAt: number;
}

export type UserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'RESET_REQUIRED'
  | 'EXTERNAL_PROVIDER'
  | 'ARCHIVED'
  | 'UNKNOWN';

/** What password sign-in needs: never the password itself. */
export interface PasswordCredential {
  /** scrypt$N$r$p$salt$hash, for USER_PASSWORD_AUTH and ChangePassword. */
  hash: string;
  /** Cognito SRP: hex salt and verifier g^x mod N. */
  srpSalt: string;
  srpVerifier: string;
  /** Set by AdminCreateUser or AdminSetUserPassword with Permanent false. */
  temporary: boolean;
  setAt: number;
}

export interface UserRecord {
  poolId: string;
  /** As it was created, in its own case. */
  username: string;
  /**
   * The username folded to lower case, kept only in pools whose usernames are case-insensitive
   * (UsernameConfiguration.CaseSensitive false), where it is taken once per pool.
   */
  foldedUsername?: string;
  sub: string;
  status: UserStatus;
  enabled: boolean;
  /** Standard and custom attributes by name, sub included, as strings (Cognito's wire form). */
  attributes: Record<string, string>;
  password?: PasswordCredential;
  /** MFA preferences and other per-user settings. */
  preferences: {
    preferredMfa?: string;
    /** SMS_MFA, SOFTWARE_TOKEN_MFA and EMAIL_OTP, as UserMFASettingList shows them. */
    enabledMfas?: string[];
    /** Passkey MFA (WebAuthnMfaSettings): the user's passkey sign-ins require user verification. */
    webAuthnMfa?: boolean;
    /**
     * New email or phone_number values awaiting verification while the old ones stay in force
     * (the pool's AttributesRequireVerificationBeforeUpdate); applied by VerifyUserAttribute.
     */
    pendingAttributes?: Record<string, string>;
  };
  createdAt: number;
  updatedAt: number;
}

/** A unique sign-in name besides the username: email, phone_number or preferred_username. */
export interface AliasRecord {
  kind: 'email' | 'phone_number' | 'preferred_username';
  value: string;
}

/** One sign-in: every token issued from it shares origin_jti, and revoking it revokes them all. */
export interface TokenFamilyRecord {
  originJti: string;
  poolId: string;
  clientId: string;
  username: string;
  authTime: number;
  createdAt: number;
  revokedAt?: number;
  /** The device the sign-in was made on (its device_key claim): proven by device SRP, or newly issued. */
  deviceKey?: string;
  /** The OAuth scopes of a sign-in through a pool domain (managed login); undefined for the API's. */
  scopes?: string[];
}

export interface RefreshTokenRecord {
  /** SHA-256 of the opaque token, hex. The token itself is never stored. */
  tokenHash: string;
  originJti: string;
  poolId: string;
  clientId: string;
  username: string;
  createdAt: number;
  expiresAt: number;
  /** Set when rotation replaced this token; it stays usable until graceUntil. */
  rotatedAt?: number;
  graceUntil?: number;
}

/** Consecutive counted attempts of one kind (wrong passwords, wrong codes, codes sent) by one subject. */
export interface AttemptRecord {
  attempts: number;
  lastAttemptAt: number;
}

/** Who, and which app client, a sign-in session is for. */
interface AuthSessionBinding {
  id: string;
  poolId: string;
  clientId: string;
  username: string;
  createdAt: number;
  expiresAt: number;
  consumedAt?: number;
}

/** What every step keeps: the flow that started the sign-in, so that later steps are logged under it. */
export interface SignInProgress {
  flow?: AuthFlowType;
}

/** A USER_AUTH step: the name signed in with, and whether the sign-in is simulated for nobody. */
export interface CandidateState extends SignInProgress {
  name: string;
  simulated?: boolean;
}

/** SRP's PASSWORD_VERIFIER (src/auth/srp.ts): the values its answer is checked against. */
export interface PasswordVerifierState extends SignInProgress {
  A: string;
  b: string;
  /** The Session handed out with the challenge (USER_AUTH), which the answer must carry back. */
  session?: string;
  /** Set when the challenge was made up for a name nobody holds (or a user without a password). */
  simulatedFor?: string;
  /** Within CUSTOM_AUTH (SRP_A): the steps before the password, which DefineAuthChallenge decides after it. */
  customHistory?: ChallengeResult[];
}

/** What a passkey sign-in keeps until the assertion comes: it is checked against these, whatever the pool says by then. */
export interface AssertionChallenge {
  challenge: string;
  rpId: string;
  userVerification: 'required' | 'preferred';
}

/** One step of a CUSTOM_AUTH sign-in, as DefineAuthChallenge reads them in its session. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/** CUSTOM_AUTH (src/auth/flows/customAuth.ts): the steps so far, and what the answer to the current one is judged by. */
export interface CustomChallengeState extends SignInProgress {
  history: ChallengeResult[];
  privateParameters: Record<string, string>;
  metadata?: string;
}

/** What an authorization code stands for until the token endpoint redeems it (once). */
export interface AuthorizationCodeState extends SignInProgress {
  redirectUri: string;
  scopes: string[];
  /** PKCE (RFC 7636): the challenge and its method, S256 or plain. */
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  /** Epoch seconds of the sign-in the code comes from (auth_time). */
  authTime: number;
}

/** What a sign-in through an identity provider keeps while the browser is at the provider. */
export interface FederationState extends SignInProgress {
  provider: string;
  /** The app's authorization request (its query), completed once the provider has answered. */
  query: string;
  /** The OIDC nonce the provider's ID token must carry. */
  nonce: string;
  /** SHA-256 of the browser's form token: only the browser that left may come back with the answer. */
  binding: string;
  /** The ID of the SAML AuthnRequest, which the response must be InResponseTo. */
  samlRequestId?: string;
  /** The identity a verified SAML response asserted (JSON), until the browser comes for it. */
  assertion?: string;
}

/** What each kind of step keeps until it is answered, by the challenge that answers it. */
/** What a sign-in keeps once its first factor is proven, through its MFA and device steps. */
export interface ProvenState extends SignInProgress {
  /** The DEVICE_KEY the client named: device SRP proves it before the tokens are issued. */
  deviceKey?: string;
  /** The second factor is done, or was satisfied by the first (a user-verified passkey). */
  mfaDone?: boolean;
  /** Threat protection asks for MFA where the user can give it (IF_CONFIGURED), or refuses the sign-in without it (REQUIRED). */
  riskMfa?: 'IF_CONFIGURED' | 'REQUIRED';
}

export type MfaChallengeName = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SELECT_MFA_TYPE' | 'MFA_SETUP';

/** An MFA step (src/mfa/challenges.ts). */
export interface MfaState extends ProvenState {
  challenge: MfaChallengeName;
  /** SELECT_MFA_TYPE: the types the user may choose; MFA_SETUP: the types the pool offers. */
  choices?: string[];
  /** MFA_SETUP: how far setting up a software token within the sign-in got. */
  setup?: 'associated' | 'verified';
}

/** DEVICE_PASSWORD_VERIFIER (src/devices/deviceSrp.ts): the values its answer is checked against. */
export interface DeviceVerifierState extends ProvenState {
  deviceKey: string;
  A: string;
  b: string;
  secretBlock: string;
}

export interface SignInStates {
  NEW_PASSWORD_REQUIRED: ProvenState;
  MFA: MfaState;
  DEVICE_SRP_AUTH: ProvenState & { deviceKey: string };
  DEVICE_PASSWORD_VERIFIER: DeviceVerifierState;
  PASSWORD_VERIFIER: PasswordVerifierState;
  SELECT_CHALLENGE: CandidateState & { available: ChallengeNameType[] };
  PASSWORD: CandidateState;
  PASSWORD_SRP: CandidateState;
  EMAIL_OTP: CandidateState;
  SMS_OTP: CandidateState;
  WEB_AUTHN: CandidateState & AssertionChallenge;
  CUSTOM_CHALLENGE: CustomChallengeState;
  /** Not a challenge: an authorization code of a pool domain's /oauth2/authorize (src/oauth/codes.ts). */
  AUTHORIZATION_CODE: AuthorizationCodeState;
  /** No challenge: the sign-in ConfirmSignUp leaves for InitiateAuth USER_AUTH, its code the first factor. */
  SIGN_UP_CONFIRMED: SignInProgress;
  /** Not a challenge: a sign-in at an identity provider, until it sends the browser back (src/federation/signIn.ts). */
  FEDERATION: FederationState;
  /**
   * Not a challenge: managed login's passkey autofill, request options for no user in particular
   * (src/auth/userAuth/webAuthn.ts). Its session names nobody until the assertion does.
   */
  DISCOVERABLE_WEB_AUTHN: SignInProgress & AssertionChallenge;
}

export type SessionChallenge = keyof SignInStates;

/** One step of a sign-in: the challenge the next RespondToAuthChallenge must answer, and what it keeps for it. */
export type SignInStep<C extends SessionChallenge = SessionChallenge> = { [K in C]: { challengeName: K; data: SignInStates[K] } }[C];

/**
 * The state kept between two steps of a sign-in (InitiateAuth -> RespondToAuthChallenge -> ...).
 * The store keeps `data` as JSON; src/auth/sessions.ts writes it and checks it on the way back.
 */
export type AuthSessionRecord<C extends SessionChallenge = SessionChallenge> = AuthSessionBinding & SignInStep<C>;

/** A session as the store gives it back: its data not yet checked against its challenge. */
export type StoredAuthSession = AuthSessionBinding & { challengeName: string; data: unknown };

export interface RegistrationChallengeRecord {
  challenge: string;
  poolId: string;
  username: string;
  clientId: string;
  rpId: string;
  userVerification: 'required' | 'preferred';
  createdAt: number;
  expiresAt: number;
  consumedAt?: number;
}

export interface PasskeyRecord {
  /** base64url of the raw credential id. */
  credentialId: string;
  poolId: string;
  username: string;
  /** base64url of the COSE public key. */
  publicKey: string;
  algorithm: number;
  signCount: number;
  transports: string[];
  attachment?: string;
  aaguid: string;
  attestationFormat: string;
  backupEligible: boolean;
  backedUp: boolean;
  userVerified: boolean;
  rpId: string;
  createdAt: number;
  lastUsedAt?: number;
}

export interface OutboxMessage {
  id: string;
  poolId: string;
  username: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  purpose: string;
  subject?: string;
  message: string;
  code?: string;
  createdAt: number;
}

export interface CodeRecord {
  poolId: string;
  username: string;
  /** SIGN_UP, FORGOT_PASSWORD, VERIFY_<attribute>, or a sign-in OTP. */
  purpose: string;
  /** SHA-256 of the code, hex. */
  codeHash: string;
  expiresAt: number;
  attempts: number;
}

/** Cognito's event types, and keypool's own for passkey registration and removal (console only). */
export type AuthEventKind =
  | 'SignIn'
  | 'SignUp'
  | 'ForgotPassword'
  | 'PasswordChange'
  | 'ResendCode'
  | 'PasskeyRegistration'
  | 'PasskeyDeletion';

/** One registration or sign-in attempt, as the operator sees it. */
export interface AuthEventRecord {
  /** Sortable: a later event of the same node has a greater id. */
  id: string;
  poolId: string;
  clientId?: string;
  username?: string;
  eventType: AuthEventKind;
  /** The wire operation, e.g. RespondToAuthChallenge. */
  operation: string;
  /** Pass (done), Fail (refused) or InProgress (answered with a further challenge). */
  outcome: 'Pass' | 'Fail' | 'InProgress';
  flow?: string;
  /** The challenge answered by this request. */
  challenge?: string;
  /** The challenge the answer asks for next. */
  nextChallenge?: string;
  errorType?: string;
  /** The precise reason for the operator; never sent to clients. */
  reason?: string;
  sourceIp: string;
  userAgent: string;
  createdAt: number;
  /** The triggers the request ran, in order. */
  triggers?: TriggerRun[];
  /** Threat protection's assessment, in pools that have it on (src/risk/assess.ts). */
  risk?: EventRisk;
  /** What the user (Cognito) or an administrator (Admin) said of the event. */
  feedback?: EventFeedback;
  /** SHA-256 (hex) of the token a risk notification carried for UpdateAuthEventFeedback. */
  feedbackTokenHash?: string;
}

export interface EventRisk {
  decision: 'NoRisk' | 'AccountTakeover' | 'Block';
  level?: 'Low' | 'Medium' | 'High';
  compromised: boolean;
}

export interface EventFeedback {
  value: 'Valid' | 'Invalid';
  provider: 'Cognito' | 'Admin';
  at: number;
}

/** One trigger a request ran: which, for what triggerSource, how long it took, how it ended. */
export interface TriggerRun {
  trigger: string;
  source: string;
  ms: number;
  /** ok, or why it gave no usable answer: error, timeout, unreachable, crashed, invalid. */
  outcome: string;
}

/** A resource server (CreateResourceServer): an API whose custom scopes app clients may be granted. */
export interface ResourceServerRecord {
  poolId: string;
  /** Unique in the pool; its scopes are `<identifier>/<ScopeName>`. */
  identifier: string;
  name: string;
  scopes: { ScopeName: string; ScopeDescription: string }[];
  createdAt: number;
  updatedAt: number;
}

/** A third-party identity provider (IdP) of a pool: SAML, OIDC or a social provider. */
export interface IdentityProviderRecord {
  poolId: string;
  /** Unique in the pool; a social provider's name is its type. */
  providerName: string;
  providerType: 'SAML' | 'Facebook' | 'Google' | 'LoginWithAmazon' | 'SignInWithApple' | 'OIDC';
  /** ProviderDetails as DescribeIdentityProvider shows them: as given, with what Cognito derives. */
  details: Record<string, string>;
  /** User pool attribute -> the provider's attribute. */
  attributeMapping: Record<string, string>;
  /** Unique in the pool across all its providers. */
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/**
 * A link (AdminLinkProviderForUser) from a provider's user, named by one of its attributes, to a
 * user of the pool: when that provider user signs in, they are that user.
 */
export interface ProviderLinkRecord {
  poolId: string;
  providerName: string;
  /** Cognito_Subject, or a user pool attribute the provider maps. */
  attributeName: string;
  attributeValue: string;
  /** The pool's user the provider user signs in as. */
  username: string;
  createdAt: number;
}

/**
 * A document of a pool that styles or accompanies managed login: a managed login branding style, a
 * classic UI customization, or a terms document; of the pool itself (clientId '') or of one app client.
 */
export interface PoolDocumentRecord<Body = unknown> {
  poolId: string;
  kind: 'branding' | 'ui' | 'terms' | 'logs' | 'replica' | 'risk';
  id: string;
  clientId: string;
  /** What is unique per client beside the kind ('' where a client has one document of the kind). */
  name: string;
  body: Body;
  createdAt: number;
  updatedAt: number;
}

/** A user pool group (CreateGroup). */
export interface GroupRecord {
  poolId: string;
  /** Unique in the pool, case-sensitive as Cognito's group names are. */
  groupName: string;
  description?: string;
  roleArn?: string;
  /** 0 is the highest; absent ranks after every number. */
  precedence?: number;
  createdAt: number;
  updatedAt: number;
}

/** A remembered device of a user (ConfirmDevice): its key, and the verifier its device SRP is checked against. */
export interface DeviceRecord {
  poolId: string;
  username: string;
  /** `<region>_<uuid>`, unique across the pool. */
  deviceKey: string;
  deviceGroupKey: string;
  /** Base64 of the SRP verifier and salt the client computed from its device password. */
  passwordVerifier: string;
  salt: string;
  deviceName?: string;
  status: 'remembered' | 'not_remembered';
  lastIpUsed?: string;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number;
}

/** A user's TOTP authenticator (software token MFA). */
export interface SoftwareTokenRecord {
  poolId: string;
  username: string;
  /** The verified authenticator's key (base32, as stored: sealed when a key encryption key is set). */
  secret?: string;
  /** A key AssociateSoftwareToken handed out that VerifySoftwareToken has not confirmed yet. */
  pendingSecret?: string;
  friendlyName?: string;
  /** The TOTP time step of the last code accepted; a code of this step or before is refused. */
  lastUsedStep?: number;
  associatedAt: number;
  verifiedAt?: number;
}

export type ImportJobStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Stopped' | 'Expired' | 'Failed' | 'Succeeded';

/** A user import job (CreateUserImportJob); its CSV is kept in the store as chunks of parsed rows. */
export interface ImportJobRecord {
  poolId: string;
  jobId: string;
  jobName: string;
  roleArn: string;
  status: ImportJobStatus;
  /** SHA-256 (base64url) of the pre-signed URL's token; the token itself is never stored. */
  uploadTokenHash: string;
  uploadExpiresAt: number;
  /** How many data rows the uploaded CSV has; undefined until an upload completed. */
  uploaded?: number;
  /** The first chunk of rows not yet imported. */
  nextChunk: number;
  imported: number;
  skipped: number;
  failed: number;
  completionMessage?: string;
  createdAt: number;
  startedAt?: number;
  completedAt?: number;
}

/** One CSV record: its line number in the file and its fields. */
export type ImportRow = [line: number, fields: string[]];
