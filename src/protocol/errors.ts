// The one error table. Each Cognito error type appears once, with its public message where Cognito
// has a fixed one, word for word from the service (where Cognito's wording is unknown, keypool's own
// is written in its style; see docs/decisions.md). Client errors are HTTP 400 as the real service
// answers them; only InternalErrorException is 500.

export type ErrorType =
  | 'AccessDeniedException'
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'ConcurrentModificationException'
  | 'ExpiredCodeException'
  | 'FeatureUnavailableInTierException'
  | 'ForbiddenException'
  | 'IncompleteSignatureException'
  | 'InternalErrorException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'InvalidSignatureException'
  | 'InvalidUserPoolConfigurationException'
  | 'LimitExceededException'
  | 'MissingAuthenticationTokenException'
  | 'NotAuthorizedException'
  | 'PasswordResetRequiredException'
  | 'RefreshTokenReuseException'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'TierChangeNotAllowedException'
  | 'TooManyRequestsException'
  | 'UnauthorizedException'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'UnsupportedOperationException'
  | 'UnsupportedUserStateException'
  | 'UnsupportedTokenTypeException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UserPoolAddOnNotEnabledException'
  | 'UsernameExistsException'
  | 'WebAuthnChallengeNotFoundException'
  | 'WebAuthnClientMismatchException'
  | 'WebAuthnConfigurationMissingException'
  | 'WebAuthnCredentialNotSupportedException'
  | 'WebAuthnNotEnabledException'
  | 'WebAuthnOriginNotAllowedException'
  | 'WebAuthnRelyingPartyMismatchException'
  | 'ContentTooLargeException';

export class CognitoError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  /** What only the operator should read (logs, auth events); never sent to the client. */
  readonly detail: string | undefined;

  constructor(type: ErrorType, message: string, detail?: string) {
    super(message);
    this.name = type;
    this.type = type;
    this.status = type === 'InternalErrorException' ? 500 : type === 'ContentTooLargeException' ? 413 : 400;
    this.detail = detail;
  }
}

const fail = (type: ErrorType, message: string) => (detail?: string) => new CognitoError(type, message, detail);

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
  // resources
  poolNotFound: (poolId: string) => new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`),
  clientNotFound: (clientId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  deletionProtected: fail(
    'InvalidParameterException',
    'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
  ),
  // users
  usernameExists: fail('UsernameExistsException', 'User already exists'),
  adminUsernameExists: fail('UsernameExistsException', 'User account already exists'),
  emailExists: fail('UsernameExistsException', 'An account with the given email already exists.'),
  aliasExists: (attribute: string) =>
    new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`),
  codeMismatch: fail('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  codeExpired: fail('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  otpMismatch: fail('CodeMismatchException', 'Invalid code or auth state for the user.'),
  // threat protection
  addOnNotEnabled: fail('UserPoolAddOnNotEnabledException', 'User pool add-ons are not enabled for this user pool.'),
  attemptLimit: fail('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  cannotConfirm: (status: string) =>
    new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${status}`),
  userClientNotFound: fail('UserNotFoundException', 'Username/client id combination not found.'),
  alreadyConfirmed: fail('InvalidParameterException', 'User is already confirmed.'),
  signUpNotAllowed: fail('NotAuthorizedException', 'SignUp is not permitted for this user pool'),
  // keypool's wording: Cognito's for a SignUp without a password where passwordless sign-in is off is unknown
  passwordRequired: fail('InvalidParameterException', 'Password is required: this user pool does not allow passwordless sign-in.'),
  unauthorizedAttribute: fail('NotAuthorizedException', 'A client attempted to write unauthorized attribute'),
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
  // protocol
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
  tooLarge: fail('ContentTooLargeException', 'Request body is larger than 1 MiB.'),
} as const;

/** Any error with a message of the caller's choosing (validation, schema, configuration). */
export function invalidParameter(message: string, detail?: string): CognitoError {
  return new CognitoError('InvalidParameterException', message, detail);
}

export function cognitoError(type: ErrorType, message: string, detail?: string): CognitoError {
  return new CognitoError(type, message, detail);
}
