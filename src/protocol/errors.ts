// The one error table. Each Cognito error type appears once, with its public message where Cognito
// has a fixed one (word for word from the service; see docs/compatibility.md). Client errors are
// HTTP 400 as the real service answers them; only InternalErrorException is 500.

export type ErrorType =
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'ConcurrentModificationException'
  | 'ExpiredCodeException'
  | 'FeatureUnavailableInTierException'
  | 'ForbiddenException'
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
  | 'TooManyRequestsException'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'UnsupportedOperationException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
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
  // resources
  poolNotFound: (poolId: string) => new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`),
  clientNotFound: (clientId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  // users
  usernameExists: fail('UsernameExistsException', 'User already exists'),
  adminUsernameExists: fail('UsernameExistsException', 'User account already exists'),
  emailExists: fail('UsernameExistsException', 'An account with the given email already exists.'),
  aliasExists: (attribute: string) =>
    new CognitoError('AliasExistsException', `An account with the given ${attribute} already exists.`),
  codeMismatch: fail('CodeMismatchException', 'Invalid verification code provided, please try again.'),
  codeExpired: fail('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  otpMismatch: fail('CodeMismatchException', 'Invalid code or auth state for the user.'),
  attemptLimit: fail('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  // protocol
  unknownOperation: fail('UnknownOperationException', 'The requested operation is not recognized by the service.'),
  serialization: fail('SerializationException', 'Start of structure or map found where not expected.'),
  unrecognizedClient: fail('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  invalidSignature: fail(
    'InvalidSignatureException',
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ),
  missingAuthenticationToken: fail('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  tooLarge: fail('ContentTooLargeException', 'Request body is larger than 1 MiB.'),
} as const;

/** Any error with a message of the caller's choosing (validation, schema, configuration). */
export function invalidParameter(message: string, detail?: string): CognitoError {
  return new CognitoError('InvalidParameterException', message, detail);
}

export function cognitoError(type: ErrorType, message: string, detail?: string): CognitoError {
  return new CognitoError(type, message, detail);
}
