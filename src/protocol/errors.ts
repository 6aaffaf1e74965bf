// The one error module. Every message keypool answers is a named entry of `errors`, its public text
// word for word from Cognito where Cognito has a fixed one (where its wording is unknown, keypool's
// own, written in its style; see docs/decisions.md); parameterised entries take the variable parts.
// An entry also takes a `detail` and a `cause` for the operator's log and auth events, which never
// reach the client. `wireError` alone turns an error into status, headers and body, on every path.
// Client errors are HTTP 400 as the real service answers them; only InternalErrorException is 500
// (and a body over the limit 413). No CognitoError is built outside this file (a test checks).

/** Every error type keypool answers: the model's, and the protocol's own (signatures, serialization). */
export const ERROR_TYPES = [
  'AccessDeniedException',
  'AliasExistsException',
  'CodeMismatchException',
  'ConcurrentModificationException',
  'DuplicateProviderException',
  'EnableSoftwareTokenMFAException',
  'ExpiredCodeException',
  'FeatureUnavailableInTierException',
  'ForbiddenException',
  'GroupExistsException',
  'IncompleteSignatureException',
  'InternalErrorException',
  'InvalidLambdaResponseException',
  'InvalidOAuthFlowException',
  'InvalidParameterException',
  'InvalidPasswordException',
  'InvalidSignatureException',
  'InvalidUserPoolConfigurationException',
  'LimitExceededException',
  'ManagedLoginBrandingExistsException',
  'MissingAuthenticationTokenException',
  'NotAuthorizedException',
  'OperationNotEnabledException',
  'PasswordResetRequiredException',
  'PreconditionNotMetException',
  'RefreshTokenReuseException',
  'ResourceNotFoundException',
  'ScopeDoesNotExistException',
  'SoftwareTokenMFANotFoundException',
  'SerializationException',
  'ServiceQuotaExceededException',
  'TermsExistsException',
  'TierChangeNotAllowedException',
  'TooManyRequestsException',
  'UnauthorizedException',
  'UnexpectedLambdaException',
  'UnknownOperationException',
  'UnrecognizedClientException',
  'UnsupportedOperationException',
  'UnsupportedTokenTypeException',
  'UnsupportedUserStateException',
  'UserNotConfirmedException',
  'UserLambdaValidationException',
  'UserNotFoundException',
  'UserPoolAddOnNotEnabledException',
  'UsernameExistsException',
  'WebAuthnChallengeNotFoundException',
  'WebAuthnClientMismatchException',
  'WebAuthnConfigurationMissingException',
  'WebAuthnCredentialNotSupportedException',
  'WebAuthnNotEnabledException',
  'WebAuthnOriginNotAllowedException',
  'WebAuthnRelyingPartyMismatchException',
] as const;

export type ErrorType = (typeof ERROR_TYPES)[number];

export class CognitoError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  /** What only the operator should read (logs, auth events); never sent to the client. */
  readonly detail: string | undefined;

  /** `cause`, like `detail`, is for the log only; `status` only where HTTP itself refuses (413). */
  constructor(type: ErrorType, message: string, detail?: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = type;
    this.type = type;
    this.status = options.status ?? (type === 'InternalErrorException' ? 500 : 400);
    this.detail = detail;
  }
}

const fail = (type: ErrorType, message: string) => (detail?: string, cause?: unknown) => new CognitoError(type, message, detail, { cause });

/** Errors whose message Cognito always words the same way. */
export const errors = {
  internal: fail('InternalErrorException', 'Internal server error.'),
  rateExceeded: fail('TooManyRequestsException', 'Rate exceeded'),
  // sign-in
  incorrectCredentials: fail('NotAuthorizedException', 'Incorrect username or password.'),
  userDisabled: fail('NotAuthorizedException', 'User is disabled.'),
  userNotConfirmed: fail('UserNotConfirmedException', 'User is not confirmed.'),
  userNotFound: fail('UserNotFoundException', 'User does not exist.'),
  passwordAttemptsExceeded: fail('NotAuthorizedException', 'Password attempts exceeded'),
  passwordResetRequired: fail('PasswordResetRequiredException', 'Password reset required for the user'),
  temporaryPasswordExpired: fail(
    'NotAuthorizedException',
    'Temporary password has expired and must be reset by an administrator.',
  ),
  invalidSession: fail('NotAuthorizedException', 'Invalid session for the user.'),
  sessionExpired: fail('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
  sessionUsed: fail('NotAuthorizedException', 'Invalid session for the user, session can only be used once.'),
  sessionUserMismatch: fail('NotAuthorizedException', 'Invalid session provided for the user.'),
  // keypool's one answer to every failed passkey sign-in; the reason goes to the operator log only
  passkeySignInFailed: fail('NotAuthorizedException', 'Invalid passkey credential for the user.'),
  noFirstFactor: fail('NotAuthorizedException', 'The user has none of the sign-in methods this user pool allows.'),
  initiateAuthMethodNotSupported: fail('InvalidParameterException', 'Initiate Auth method not supported.'),
  flowNotEnabled: (flow: string) =>
    new CognitoError('InvalidParameterException', `${flow} flow not enabled for this client`),
  secretHashMismatch: (clientId: string) =>
    new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`),
  secretHashMissing: (clientId: string) =>
    new CognitoError('NotAuthorizedException', `Client ${clientId} is configured with secret but SECRET_HASH was not received`),
  missingAuthParameter: (name: string) => new CognitoError('InvalidParameterException', `Missing required parameter ${name}`),
  userAuthInLite: fail('InvalidParameterException', 'USER_AUTH flow is not available in the LITE feature plan.'),
  preferredChallengeInvalid: (choices: string[]) =>
    new CognitoError('InvalidParameterException', `PREFERRED_CHALLENGE must be one of ${choices.join(', ')}.`),
  answerNotAvailable: fail('InvalidParameterException', 'ANSWER is not one of the challenges available for this sign-in.'),
  refreshFlowWithRotation: (flow: string) =>
    new CognitoError('InvalidParameterException', `${flow} is not available to clients with refresh token rotation; use GetTokensFromRefreshToken.`),
  invalidSrpA: fail('InvalidParameterException', 'SRP_A is not a valid SRP value.'),
  srpTimestampFormat: fail('InvalidParameterException', 'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.'),
  challengeNotPerformed: (challengeName: string) => new CognitoError('InvalidParameterException', `keypool does not perform the ${challengeName} challenge.`),
  requiredAttributeMissing: (attribute: string) => new CognitoError('InvalidParameterException', `Invalid attributes given, ${attribute} is missing`),
  // triggers (src/triggers/run.ts)
  lambdaFailed: (trigger: string, message: string) =>
    new CognitoError('UserLambdaValidationException', `${trigger} failed with error ${message}.`, `${trigger} threw`),
  lambdaTimedOut: (trigger: string, detail?: string) =>
    new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error Socket timeout while invoking Lambda function.`, detail),
  lambdaUnreachable: (trigger: string, reason: string, detail?: string) =>
    new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error ${reason}.`, detail),
  customAuthNotConfigured: fail('InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.'),
  lambdaInvalidJson: fail('InvalidLambdaResponseException', 'Invalid lambda function output : Invalid JSON'),
  lambdaUnrecognizable: fail('InvalidLambdaResponseException', 'Unrecognizable lambda output'),
  // tokens
  accessTokenExpired: fail('NotAuthorizedException', 'Access Token has expired'),
  accessTokenRevoked: fail('NotAuthorizedException', 'Access Token has been revoked'),
  invalidAccessToken: fail('NotAuthorizedException', 'Invalid Access Token'),
  accessTokenScope: fail('NotAuthorizedException', 'Access Token does not have required scopes'),
  invalidRefreshToken: fail('NotAuthorizedException', 'Invalid Refresh Token.'),
  refreshTokenExpired: fail('NotAuthorizedException', 'Refresh Token has expired'),
  refreshTokenRevoked: fail('NotAuthorizedException', 'Refresh Token has been revoked'),
  refreshTokenReused: fail('RefreshTokenReuseException', 'Refresh token has been invalidated by rotation'),
  clientSecretMismatch: (clientId: string, type: 'NotAuthorizedException' | 'UnauthorizedException' = 'NotAuthorizedException') =>
    new CognitoError(type, `Unable to verify client secret for client ${clientId}`),
  refreshSecretHashMismatch: (clientId: string) =>
    new CognitoError('NotAuthorizedException', `SecretHash does not match for the client: ${clientId}`),
  revocationDisabled: fail('UnsupportedOperationException', 'Token revocation is not enabled for this app client.'),
  onlyRefreshTokensRevoked: fail('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.'),
  refreshTokenOfAnotherClient: fail('UnauthorizedException', 'The refresh token was not issued to this app client.'),
  // user import jobs (keypool's wording: Cognito's is not published)
  importJobNotFound: (jobId: string) => new CognitoError('ResourceNotFoundException', `User import job ${jobId} does not exist.`),
  importJobNotStartable: (jobId: string, status: string) =>
    new CognitoError('InvalidParameterException', `User import job ${jobId} is ${status}: only a job in status Created can be started.`),
  importJobNotStoppable: (jobId: string, status: string) =>
    new CognitoError('InvalidParameterException', `User import job ${jobId} is ${status}: only a Pending or InProgress job can be stopped.`),
  importCsvNotUploaded: (jobId: string) =>
    new CognitoError('PreconditionNotMetException', `No CSV file has been uploaded for user import job ${jobId}.`),
  importJobRunning: (poolId: string) =>
    new CognitoError('PreconditionNotMetException', `Another user import job of user pool ${poolId} is in progress.`),
  importWithoutAutoVerification: fail(
    'PreconditionNotMetException',
    'The user pool has no auto-verified attributes (email or phone_number): imported users could not reset their passwords.',
  ),
  tooManyImportJobs: (max: number) =>
    new CognitoError('LimitExceededException', `A user pool can have at most ${max} user import jobs that have not been started.`),
  // resources
  poolNotFound: (poolId: string) => new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`),
  publicClientSecret: (clientId: string) =>
    new CognitoError('InvalidParameterException', `Client ${clientId} has no secret: secrets can be added only to confidential app clients.`),
  clientSecretLimit: (max: number) => new CognitoError('LimitExceededException', `An app client can have at most ${max} client secrets.`),
  clientSecretNotFound: (secretId: string) => new CognitoError('ResourceNotFoundException', `Client secret ${secretId} does not exist.`),
  lastClientSecret: fail('InvalidParameterException', 'The last remaining secret of an app client cannot be deleted.'),
  notAUserPoolArn: (arn: string) => new CognitoError('InvalidParameterException', `${arn} is not a valid user pool ARN.`),
  taggedResourceNotFound: (arn: string) => new CognitoError('ResourceNotFoundException', `Resource ${arn} does not exist.`),
  reservedTagKey: (key: string) =>
    new CognitoError('InvalidParameterException', `Tag key ${key} is not allowed: keys starting with aws: are reserved.`),
  tooManyTags: (max: number) => new CognitoError('InvalidParameterException', `A user pool can have at most ${max} tags.`),
  clientNotFound: (clientId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  deletionProtected: fail(
    'InvalidParameterException',
    'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
  ),
  // pool and client settings
  tokenValidityOutOfRange: (name: string, range: string) => new CognitoError('InvalidParameterException', `${name} must be between ${range}.`),
  legacyAuthFlowsMixed: fail('InvalidParameterException', "You can't assign legacy ExplicitAuthFlows values at the same time as ALLOW_ values"),
  refreshTokenAuthRequired: fail('InvalidParameterException', 'REFRESH_TOKEN_AUTH should always be allowed.'),
  invalidClientAttributes: (kind: string, action: string, detail?: string) =>
    new CognitoError('InvalidParameterException', `Invalid ${kind} attributes specified while ${action} a client`, detail),
  providerNotFound: (provider: string, poolId: string) =>
    new CognitoError('InvalidParameterException', `The provider ${provider} does not exist for User Pool ${poolId}.`),
  gracePeriodWithoutRotation: fail('InvalidParameterException', 'RetryGracePeriodSeconds can be set only when refresh token rotation is ENABLED.'),
  domainPrefixInvalid: fail(
    'InvalidParameterException',
    'A domain prefix can contain only lowercase letters, numbers and hyphens; give CustomDomainConfig for a custom domain.',
  ),
  domainReservedWord: (word: string) => new CognitoError('InvalidParameterException', `The domain prefix cannot contain the reserved word ${word}.`),
  mfaWithoutMethod: (mfaConfiguration: string) =>
    new CognitoError(
      'InvalidParameterException',
      `MfaConfiguration ${mfaConfiguration} needs at least one MFA method: SmsMfaConfiguration, SoftwareTokenMfaConfiguration or EmailMfaConfiguration.`,
    ),
  softwareTokenFirstFactor: fail('InvalidParameterException', 'SOFTWARE_TOKEN is not currently supported as a first auth factor.'),
  aliasAndUsernameAttributes: fail('InvalidParameterException', 'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.'),
  duplicateSchemaAttribute: (name: string) => new CognitoError('InvalidParameterException', `Duplicate attribute name in the schema: ${name}.`),
  standardAttributeChanged: (name: string) =>
    new CognitoError('InvalidParameterException', `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`),
  customAttributeWithoutType: (name: string) =>
    new CognitoError('InvalidParameterException', `The custom attribute ${name} needs an AttributeDataType (String, Number, DateTime or Boolean).`),
  stringLengthInvalid: (name: string, max: number) =>
    new CognitoError('InvalidParameterException', `The MinLength and MaxLength of ${name} must be whole numbers from 0 to ${max}.`),
  numberBoundInvalid: (name: string) => new CognitoError('InvalidParameterException', `The MinValue and MaxValue of ${name} must be whole numbers.`),
  tooManyCustomAttributes: (max: number) => new CognitoError('InvalidParameterException', `A user pool can have at most ${max} custom attributes.`),
  verificationMessagesDisagree: (legacy: string, template: string) =>
    new CognitoError('InvalidParameterException', `${legacy} and VerificationMessageTemplate.${template} say the same thing and must be equal when both are given.`),
  schemaAttributeNameMissing: fail('InvalidParameterException', 'Every schema attribute needs a Name.'),
  customAttributeExists: (name: string) => new CognitoError('InvalidParameterException', `${name}: Existing attribute already has name ${name}.`),
  requiredCustomAttribute: fail('InvalidParameterException', 'Required custom attributes are not supported currently.'),
  minLengthAboveMax: (name: string) => new CognitoError('InvalidParameterException', `The MinLength of ${name} is greater than its MaxLength.`),
  minValueAboveMax: (name: string) => new CognitoError('InvalidParameterException', `The MinValue of ${name} is greater than its MaxValue.`),
  featureUnavailableInTier: (feature: string, tier: string) =>
    new CognitoError('FeatureUnavailableInTierException', `${feature} is not available in the ${tier} feature plan of this user pool.`),
  managedLoginVersionInvalid: (versions: readonly number[]) =>
    new CognitoError('InvalidParameterException', `ManagedLoginVersion must be one of ${versions.join(', ')}.`),
  poolHasDomain: fail('InvalidParameterException', 'User pool already has a domain configured.'),
  certificateForPrefixDomain: fail('InvalidParameterException', 'A prefix domain has no certificate: CustomDomainConfig applies only to custom domains.'),
  domainTaken: fail('InvalidParameterException', 'Domain already associated with another user pool.'),
  clientSecretWithoutGenerate: fail('InvalidParameterException', 'ClientSecret can be given only when GenerateSecret is true.'),
  tierChangeBlocked: (tier: string, blocking: string) =>
    new CognitoError('TierChangeNotAllowedException', `The user pool cannot move to the ${tier} feature plan while ${blocking} is configured.`),
  noSuchDomain: fail('InvalidParameterException', 'No such domain or user pool exists.'),
  // users
  usernameExists: fail('UsernameExistsException', 'User already exists'),
  adminUsernameExists: fail('UsernameExistsException', 'User account already exists'),
  aliasExists: (attribute: string) =>
    new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`),
  codeMismatch: fail('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  codeExpired: fail('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  otpMismatch: fail('CodeMismatchException', 'Invalid code or auth state for the user.'),
  invalidPassword: (prefix: string, violation: string) => new CognitoError('InvalidPasswordException', `${prefix}${violation}`),
  filterNotParsed: fail('InvalidParameterException', 'Error while parsing filter.'),
  invalidSearchAttribute: (attribute: string) => new CognitoError('InvalidParameterException', `Invalid search attribute: ${attribute}`),
  schemaViolation: (lines: string[]) =>
    new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${lines.map((l) => `${l}\n`).join('')}`),
  invalidPhoneNumber: fail('InvalidParameterException', 'Invalid phone number format.'),
  invalidEmail: fail('InvalidParameterException', 'Invalid email address format.'),
  requestedAttributesUnknown: fail('InvalidParameterException', 'One or more requested attributes do not exist.'),
  usernameNotEmailOrPhone: fail('InvalidParameterException', 'Username should be either an email or a phone number.'),
  usernameLooksLikeEmailAlias: fail('InvalidParameterException', 'Username cannot be of email format, since user pool is configured for email alias.'),
  usernameLooksLikePhoneAlias: fail(
    'InvalidParameterException',
    'Username cannot be of phone number format, since user pool is configured for phone number alias.',
  ),
  signInAliasExists: (attribute: string) => new CognitoError('UsernameExistsException', `An account with the given ${attribute} already exists.`),
  resendNotPossible: (username: string) =>
    new CognitoError('UnsupportedUserStateException', `Resend not possible. ${username} status is not FORCE_CHANGE_PASSWORD`),
  autoVerificationOff: fail('InvalidParameterException', 'Auto verification not turned on.'),
  // threat protection
  addOnNotEnabled: fail('UserPoolAddOnNotEnabledException', 'User pool add-ons are not enabled for this user pool.'),
  // keypool's wording where Cognito's is not published (docs/decisions.md, "Threat protection")
  riskBlocked: fail('NotAuthorizedException', 'Unable to login because of security reasons.'),
  compromisedPassword: fail(
    'InvalidPasswordException',
    'This password has appeared in a data breach (compromised credentials) and cannot be used. Choose another password.',
  ),
  riskNotifyConfigurationMissing: fail(
    'InvalidParameterException',
    'AccountTakeoverRiskConfiguration.NotifyConfiguration is required when an account takeover action notifies users (Notify true).',
  ),
  riskSourceArnInvalid: (arn: string) =>
    new CognitoError('InvalidParameterException', `NotifyConfiguration.SourceArn ${arn} is not an Amazon SES identity ARN (arn:aws:ses:<region>:<account>:identity/<email or domain>).`),
  riskEmailInvalid: (member: string) => new CognitoError('InvalidParameterException', `NotifyConfiguration.${member} is not a valid email address.`),
  riskNotifyBodyMissing: (member: string) =>
    new CognitoError('InvalidParameterException', `NotifyConfiguration.${member} needs an HtmlBody or a TextBody.`),
  riskIpRangeInvalid: (list: string, range: string) =>
    new CognitoError('InvalidParameterException', `${list} contains ${range}, which is not an IPv4 or IPv6 range in CIDR notation (such as 192.0.2.0/24).`),
  contextIpInvalid: (member: string) => new CognitoError('InvalidParameterException', `${member}.IpAddress is not an IPv4 or IPv6 address.`),
  authEventNotFound: (eventId: string) => new CognitoError('ResourceNotFoundException', `Auth event ${eventId} does not exist for this user.`),
  feedbackTokenInvalid: fail('NotAuthorizedException', 'The feedback token is not valid for this event.'),
  attemptLimit: fail('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  cannotConfirm: (status: string) =>
    new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${status}`),
  userClientNotFound: fail('UserNotFoundException', 'Username/client id combination not found.'),
  alreadyConfirmed: fail('InvalidParameterException', 'User is already confirmed.'),
  signUpNotAllowed: fail('NotAuthorizedException', 'SignUp is not permitted for this user pool'),
  // keypool's wording: Cognito's for a SignUp without a password where passwordless sign-in is off is unknown
  passwordRequired: fail('InvalidParameterException', 'Password is required: this user pool does not allow passwordless sign-in.'),
  unauthorizedAttribute: fail('NotAuthorizedException', 'A client attempted to write unauthorized attribute'),
  // password recovery, attribute verification and deletion, user settings
  recoveryAdminOnly: fail('NotAuthorizedException', 'Contact administrator to reset password.'),
  noRecoveryChannel: fail(
    'InvalidParameterException',
    'Cannot reset password for the user as there is no registered/verified email or phone_number',
  ),
  passwordCannotBeReset: fail('NotAuthorizedException', 'User password cannot be reset in the current state.'),
  // after the wording captured from Cognito ("invalid attribute name. Only phone_number and email can be verified")
  attributeNotVerifiable: fail('InvalidParameterException', 'Invalid attribute name. Only phone_number and email can be verified.'),
  // keypool's wording: Cognito's for a code asked for an attribute the user does not have is unknown
  attributeToVerifyMissing: (attribute: string) => new CognitoError('InvalidParameterException', `The user has no ${attribute} to verify.`),
  // keypool's wording after the model: MFAOptions take only DeliveryMedium SMS with AttributeName phone_number
  mfaOptionUnsupported: fail('InvalidParameterException', 'Only SMS MFA to phone_number can be set with MFAOptions.'),
  // Cognito's answer when SMS MFA is turned on for a user without a phone number (SetUserMFAPreference)
  smsMfaWithoutPhone: fail('InvalidParameterException', 'User does not have a phone_number set to turn on SMS MFA'),
  // MFA (Cognito's wording where captured: docs/decisions.md names those that are keypool's)
  softwareTokenNotVerified: fail('InvalidParameterException', 'User has not verified software token mfa'),
  softwareTokenReused: fail('ExpiredCodeException', 'Your software token has already been used once.'),
  softwareTokenMismatch: fail('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA'),
  softwareTokenNotAssociated: fail('SoftwareTokenMFANotFoundException', 'Software Token MFA not found for the user. Call AssociateSoftwareToken first.'),
  softwareTokenNeedsOneCredential: fail('InvalidParameterException', 'Provide either an AccessToken or a Session, not both.'),
  emailMfaWithoutEmail: fail('InvalidParameterException', 'User does not have an email set to turn on email MFA'),
  mfaTypeNotEnabledForPool: (type: string) => new CognitoError('InvalidParameterException', `${type} is not enabled for the user pool; turn it on with SetUserPoolMfaConfig.`),
  onePreferredMfa: fail('InvalidParameterException', 'Only one MFA type can be preferred.'),
  preferredMfaNotEnabled: fail('InvalidParameterException', 'An MFA type must be enabled to be preferred.'),
  webAuthnMfaNeedsMultiFactor: fail(
    'InvalidParameterException',
    "Passkey MFA needs the user pool's WebAuthnConfiguration FactorConfiguration to be MULTI_FACTOR_WITH_USER_VERIFICATION.",
  ),
  webAuthnMfaNeedsAnotherFactor: fail('InvalidParameterException', 'Passkey MFA needs at least one other MFA type (SMS, TOTP or email) enabled for the user.'),
  mfaSelectionInvalid: (choices: string[]) => new CognitoError('InvalidParameterException', `ANSWER must be one of ${choices.join(', ')}.`),
  mfaSetupNotVerified: fail('InvalidParameterException', 'MFA_SETUP is answered with the Session of VerifySoftwareToken; associate and verify a software token first.'),
  mfaSetupTypeNotSupported: (type: string) =>
    new CognitoError('InvalidParameterException', `${type} cannot be set up within the sign-in; add the user's ${type === 'SMS_MFA' ? 'phone_number' : 'email'} and sign in again.`),
  // passkeys (Cognito publishes no message text for these; keypool words them after the model's docs)
  webAuthnNotEnabled: fail('WebAuthnNotEnabledException', "The passkey feature isn't enabled for the user pool."),
  webAuthnConfigurationMissing: fail(
    'WebAuthnConfigurationMissingException',
    "The user pool doesn't have a configured relying party id or a user pool domain.",
  ),
  webAuthnChallengeNotFound: fail(
    'WebAuthnChallengeNotFoundException',
    'The challenge from StartWebAuthnRegistration has expired or was not found.',
  ),
  webAuthnClientMismatch: fail(
    'WebAuthnClientMismatchException',
    'The access token is for a different client than the one in the original StartWebAuthnRegistration request.',
  ),
  webAuthnOriginNotAllowed: fail(
    'WebAuthnOriginNotAllowedException',
    "The passkey credential's registration origin does not align with the user pool relying party id.",
  ),
  webAuthnRelyingPartyMismatch: fail(
    'WebAuthnRelyingPartyMismatchException',
    'The passkey credential is associated with a different relying party ID than the user pool relying party ID.',
  ),
  webAuthnCredentialNotSupported: fail(
    'WebAuthnCredentialNotSupportedException',
    'The passkey credential is from an unsupported device or provider.',
  ),
  passkeyLimit: fail('LimitExceededException', 'The user has reached the maximum number of passkeys.'),
  passkeyAlreadyRegistered: fail('InvalidParameterException', 'The passkey credential is already registered.'),
  // Cognito's wording for a malformed registration response, with what is wrong in it
  credentialNotValid: (why: string, detail?: string) => new CognitoError('InvalidParameterException', `Credential data is not valid: ${why}`, detail),
  passkeyNotFound: fail('ResourceNotFoundException', 'The passkey credential does not exist.'),
  // groups (Cognito's wording for the first two; the limits' wording is keypool's, see docs/decisions.md)
  groupExists: fail('GroupExistsException', 'A group with the name already exists.'),
  groupNotFound: fail('ResourceNotFoundException', 'Group not found.'),
  // managed login branding, UI customization, terms
  brandingExists: fail('ManagedLoginBrandingExistsException', 'A managed login branding style already exists for this app client.'),
  brandingNotFound: (id: string) => new CognitoError('ResourceNotFoundException', `Managed login branding ${id} does not exist.`),
  brandingNotFoundForClient: (clientId: string) => new CognitoError('ResourceNotFoundException', `App client ${clientId} has no managed login branding style.`),
  brandingMemberRequired: (member: string) => new CognitoError('InvalidParameterException', `${member} is required to find the branding style.`),
  brandingDefaultsWithSettings: fail('InvalidParameterException', 'Settings and Assets cannot be given with UseCognitoProvidedValues true.'),
  termsExist: (name: string) => new CognitoError('TermsExistsException', `The app client already has ${name} terms.`),
  termsNotFound: (id: string) => new CognitoError('ResourceNotFoundException', `Terms ${id} do not exist.`),
  // identity providers (Cognito's wording where noted; the rest keypool's, see docs/decisions.md)
  providerExists: (name: string, poolId: string) => new CognitoError('DuplicateProviderException', `${name} already exists in user pool ${poolId}`), // CloudTrail
  identityProviderNotFound: (name: string, poolId: string) =>
    new CognitoError('ResourceNotFoundException', `Identity provider ${name} does not exist in user pool ${poolId}.`),
  idpIdentifierNotFound: (identifier: string, poolId: string) =>
    new CognitoError('ResourceNotFoundException', `No identity provider of user pool ${poolId} has the identifier ${identifier}.`),
  identityProviderLimit: (max: number) => new CognitoError('LimitExceededException', `The user pool has reached its limit of ${max} identity providers.`),
  providerTypeMismatch: (name: string, type: string) => new CognitoError('InvalidParameterException', `Provider ${name} cannot be of type ${type}.`), // Cognito
  providerNameReserved: (name: string) => new CognitoError('InvalidParameterException', `The provider name ${name} is reserved.`),
  providerDetailsRequired: (names: string) => new CognitoError('InvalidParameterException', `${names} are all required idp details`), // Cognito
  providerDetailUnknown: (key: string, type: string) =>
    new CognitoError('InvalidParameterException', `${key} is not a provider detail of ${type} identity providers.`),
  providerDetailInvalid: (key: string, rule: string) => new CognitoError('InvalidParameterException', `Invalid provider detail ${key}: ${rule}.`),
  samlMetadataRequired: fail('InvalidParameterException', 'A SAML identity provider needs exactly one of MetadataURL and MetadataFile.'),
  samlMetadataInvalid: (why: string) => new CognitoError('InvalidParameterException', `MetadataFile is not valid SAML metadata: ${why}.`),
  attributeMappingUnknown: (name: string) =>
    new CognitoError('InvalidParameterException', `Attribute mapping names ${name}, which is not an attribute of the user pool.`),
  attributeMappingSub: fail('InvalidParameterException', 'The sub attribute cannot be mapped: the user pool assigns it.'),
  usernameMapping: (type: string, allowed: string | undefined) =>
    new CognitoError(
      'InvalidParameterException',
      allowed === undefined ? `The username of ${type} identity providers cannot be mapped.` : `The username of ${type} identity providers can be mapped only to ${allowed}.`,
    ),
  idpIdentifierRepeated: (identifier: string) => new CognitoError('InvalidParameterException', `IdpIdentifiers names ${identifier} more than once.`),
  idpIdentifierTaken: (identifier: string) =>
    new CognitoError('InvalidParameterException', `The identifier ${identifier} belongs to another identity provider of this user pool.`),
  // linking provider users to users of the pool (AdminLinkProviderForUser, AdminDisableProviderForUser)
  providerUserMemberMissing: (user: string, member: string) => new CognitoError('InvalidParameterException', `${user}.${member} is required.`),
  cognitoSourceUser: fail(
    'InvalidParameterException',
    'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
  ), // Cognito
  mergingNotSupported: fail('InvalidParameterException', 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link'), // Cognito
  socialSourceAttribute: (provider: string) =>
    new CognitoError('InvalidParameterException', `The ProviderAttributeName of a ${provider} user must be Cognito_Subject.`),
  sourceAttributeNotMapped: (name: string, provider: string) =>
    new CognitoError('InvalidParameterException', `${name} is neither Cognito_Subject nor a user pool attribute that ${provider} maps.`),
  immutableAttributesOnDestination: fail('InvalidParameterException', 'The DestinationUser has immutable custom attributes; every attribute of a linked user must be mutable.'),
  sourceUserLinked: fail('AliasExistsException', 'The SourceUser is already linked to a user of this user pool.'),
  linkLimit: (max: number) => new CognitoError('LimitExceededException', `A user can be linked to at most ${max} federated identities.`),
  // resource servers and OAuth scopes
  resourceServerExists: (identifier: string) =>
    new CognitoError('InvalidParameterException', `A resource server with identifier ${identifier} already exists in this user pool.`),
  resourceServerNotFound: (identifier: string, poolId: string) =>
    new CognitoError('ResourceNotFoundException', `Resource server ${identifier} does not exist in user pool ${poolId}.`),
  resourceServerLimit: (max: number) => new CognitoError('LimitExceededException', `The user pool has reached its limit of ${max} resource servers.`),
  duplicateScopeName: (name: string) => new CognitoError('InvalidParameterException', `Scope names must be unique within a resource server: ${name} is given twice.`),
  clientCredentialsWithUserFlows: fail('InvalidOAuthFlowException', 'client_credentials flow can not be selected along with code flow or implicit flow.'),
  clientCredentialsWithoutSecret: fail('InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.'),
  scopeDoesNotExist: (scope: string) => new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`),
  poolGroupLimit: (max: number) => new CognitoError('LimitExceededException', `The user pool has reached its limit of ${max} groups.`),
  userGroupLimit: (max: number) => new CognitoError('LimitExceededException', `The user has reached the limit of ${max} groups per user.`),
  // devices (Cognito's wording)
  deviceNotFound: fail('ResourceNotFoundException', 'Device does not exist.'),
  deviceVerifierMissing: fail('InvalidParameterException', 'DeviceSecretVerifierConfig must have PasswordVerifier and Salt.'),
  // protocol
  notImplemented: (operation: string) => new CognitoError('UnknownOperationException', `keypool does not implement ${operation} yet.`),
  bodyNotJson: fail('SerializationException', 'The request body is not valid JSON.'),
  bodyNotObject: fail('SerializationException', 'The request body must be a JSON object.'),
  invalidNextToken: fail('InvalidParameterException', 'The NextToken is not valid.'),
  invalidPasskeyNextToken: fail('InvalidParameterException', 'Invalid NextToken.'),
  invalidPaginationToken: fail('InvalidParameterException', 'Invalid pagination token.'),
  listNotExpected: fail('SerializationException', 'Start of list found where not expected.'),
  unexpectedType: (expected: string, path: string, found: string) =>
    new CognitoError('SerializationException', `Expected ${expected} at '${path}' but found ${found}.`),
  /** The model's constraints broken by a request, each worded as AWS words it (validate.ts). */
  validationFailed: (violations: string[]) =>
    new CognitoError(
      'InvalidParameterException',
      `${violations.length === 1 ? '1 validation error detected' : `${violations.length} validation errors detected`}: ${violations.join('; ')}`,
    ),
  unknownOperation: fail('UnknownOperationException', 'The requested operation is not recognized by the service.'),
  serialization: fail('SerializationException', 'Start of structure or map found where not expected.'),
  unrecognizedClient: fail('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  invalidSignature: fail(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ),
  missingAuthenticationToken: fail('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  // SigV4, in AWS's words for its own signature checks (the X-Amz-Target sentence is keypool's,
  // after AWS's for Host)
  incompleteSignature: (message: string) => new CognitoError('IncompleteSignatureException', message),
  headerNotSigned: (header: string) =>
    new CognitoError('InvalidSignatureException', `${header} must be a 'SignedHeader' in the AWS Authorization.`),
  signatureExpired: (signed: string, earliest: string, now: string) =>
    new CognitoError('InvalidSignatureException', `Signature expired: ${signed} is now earlier than ${earliest} (${now} - 5 min.)`),
  signatureNotYetCurrent: (signed: string, latest: string, now: string) =>
    new CognitoError('InvalidSignatureException', `Signature not yet current: ${signed} is still later than ${latest} (${now} + 5 min.)`),
  malformedAmzDate: (value: string) =>
    new CognitoError('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${value}'.`),
  credentialDate: (scopeDate: string, amzDate: string) =>
    new CognitoError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    ),
  credentialService: (service: string) =>
    new CognitoError('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`),
  credentialTerminator: (given: string) =>
    new CognitoError('IncompleteSignatureException', `Credential should be scoped with a valid terminator: 'aws4_request', not '${given}'.`),
  // keypool's own: a browser page of another origin never drives an IAM-authorized operation
  foreignPage: fail(
    'AccessDeniedException',
    'IAM-authorized operations are not answered to web pages of other origins: call them from a server, the AWS CLI or an SDK.',
  ),
  // log delivery (src/logDelivery/configuration.ts)
  logSourceRepeated: (source: string) =>
    new CognitoError('InvalidParameterException', `LogConfigurations can have only one configuration for the event source ${source}.`),
  logLevelMismatch: (source: string, level: string) =>
    new CognitoError('InvalidParameterException', `The event source ${source} takes the log level ${level}.`),
  logDestinationCount: (source: string) =>
    new CognitoError('InvalidParameterException', `The configuration of ${source} needs exactly one destination.`),
  logDestinationUnsupported: (source: string, destination: string) =>
    new CognitoError('InvalidParameterException', `The event source ${source} cannot send logs to ${destination}.`),
  logDestinationArn: (member: string, arn: string) => new CognitoError('InvalidParameterException', `${arn} is not a valid ${member}.`),
  // provisioned limits (src/protocol/provisionedLimits.ts)
  limitClassAttributes: fail('InvalidParameterException', 'An API_CATEGORY limit is named by exactly one attribute, Category.'),
  limitCategoryUnknown: (category: string) => new CognitoError('ResourceNotFoundException', `No provisioned limit exists for the category ${category}.`),
  limitBelowDefault: (category: string, free: number) =>
    new CognitoError('InvalidParameterException', `The limit of ${category} cannot be set below its default of ${free} requests per second.`),
  limitAboveMaximum: (category: string, max: number) =>
    new CognitoError('ServiceQuotaExceededException', `The limit of ${category} cannot exceed the account maximum of ${max} requests per second.`),
  // replicas (src/pools/replicas.ts)
  replicaRegionInvalid: (region: string) => new CognitoError('InvalidParameterException', `${region} is not a valid region name.`),
  replicaInPrimaryRegion: (region: string) =>
    new CognitoError('InvalidParameterException', `The user pool's primary region is ${region}: a replica needs another region.`),
  replicaExists: (region: string) => new CognitoError('InvalidParameterException', `The user pool already has a replica in ${region}.`),
  replicaLimit: (max: number) => new CognitoError('LimitExceededException', `A user pool can have at most ${max} replica.`),
  replicaNotFound: (region: string) => new CognitoError('ResourceNotFoundException', `The user pool has no replica in ${region}.`),
  replicaNotInactive: (region: string, status: string) =>
    new CognitoError('InvalidParameterException', `The replica in ${region} is ${status}: only an INACTIVE replica can be deleted.`),
  notFromPrimaryRegion: (operation: string, region: string) =>
    new CognitoError('OperationNotEnabledException', `${operation} must be called from the user pool's primary region ${region}.`),
  replicaRegionUnavailable: (region: string) =>
    new CognitoError('ResourceNotFoundException', `The user pool has no active replica in ${region}.`),
  tooLarge: (detail?: string) => new CognitoError('SerializationException', 'Request body is larger than 1 MiB.', detail, { status: 413 }),
} as const;

/** Header values must be printable ASCII: anything else is replaced, and the value is capped. */
export function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
}

export interface WireError {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The one way an error reaches a client, on every path: its status, AWS's error headers and the
 * `{__type, message}` body. Anything but a CognitoError is an InternalErrorException; `detail` and
 * `cause` never leave the server.
 */
export function wireError(error: unknown): WireError {
  const failure = error instanceof CognitoError ? error : errors.internal();
  return {
    status: failure.status,
    headers: { 'x-amzn-ErrorType': failure.type, 'x-amzn-ErrorMessage': headerSafe(failure.message) },
    body: JSON.stringify({ __type: failure.type, message: failure.message }),
  };
}
