// Set-up for USER_AUTH tests: a pool whose users may sign in with passkeys, codes or passwords
// (RP ID localhost), passkeys registered through the real operations, and the WEB_AUTHN steps.
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CompleteWebAuthnRegistrationCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  StartWebAuthnRegistrationCommand,
  type ChallengeNameType,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { createClient, createPool, createUser, signIn } from './fixtures.js';
import { SoftAuthenticator, type Tampering } from './softAuthenticator.js';

export const ORIGIN = 'http://localhost:5173';

export interface PasskeyPoolOptions {
  pool?: Partial<CreateUserPoolCommandInput>;
  client?: Partial<CreateUserPoolClientCommandInput>;
  userVerification?: 'required' | 'preferred';
  factorConfiguration?: 'SINGLE_FACTOR' | 'MULTI_FACTOR_WITH_USER_VERIFICATION';
}

/** A pool allowing every first factor, with passkeys on localhost, and one app client. */
export async function passkeyPool(cognito: CognitoIdentityProviderClient, options: PasskeyPoolOptions = {}) {
  const pool = await createPool(cognito, {
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP', 'SMS_OTP'] } },
    ...options.pool,
  });
  await cognito.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: pool.Id!,
      WebAuthnConfiguration: {
        RelyingPartyId: 'localhost',
        UserVerification: options.userVerification ?? 'preferred',
        ...(options.factorConfiguration && { FactorConfiguration: options.factorConfiguration }),
      },
    }),
  );
  const client = await createClient(cognito, pool.Id!, options.client);
  return { poolId: pool.Id!, clientId: client.ClientId!, client };
}

/** Registers a passkey for a signed-in user through Start/CompleteWebAuthnRegistration; returns its id. */
export async function registerPasskey(
  cognito: CognitoIdentityProviderClient,
  accessToken: string,
  authenticator: SoftAuthenticator,
  origin = ORIGIN,
): Promise<string> {
  const { CredentialCreationOptions } = await cognito.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  const credential = authenticator.create(origin, CredentialCreationOptions as unknown as PublicKeyCredentialCreationOptionsJSON);
  await cognito.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));
  return credential.id;
}

/** A confirmed user with a password, a verified email and one passkey on `authenticator`. */
export async function userWithPasskey(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  clientId: string,
  username: string,
  authenticator = new SoftAuthenticator(),
) {
  await createUser(cognito, poolId, username, { email: `${username}@example.com`, email_verified: 'true' });
  const tokens = await signIn(cognito, clientId, username);
  const credentialId = await registerPasskey(cognito, tokens.AccessToken!, authenticator);
  return { authenticator, credentialId, accessToken: tokens.AccessToken! };
}

/** InitiateAuth with USER_AUTH and the given AuthParameters. */
export function startUserAuth(cognito: CognitoIdentityProviderClient, clientId: string, parameters: Record<string, string>) {
  return cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: parameters }));
}

/** InitiateAuth USER_AUTH for `username` with a PREFERRED_CHALLENGE. */
export function startPreferring(cognito: CognitoIdentityProviderClient, clientId: string, username: string, challenge: string) {
  return startUserAuth(cognito, clientId, { USERNAME: username, PREFERRED_CHALLENGE: challenge });
}

/** RespondToAuthChallenge on the public operation. */
export function respondToChallenge(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  challenge: string,
  session: string | undefined,
  responses: Record<string, string>,
) {
  return cognito.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: challenge as ChallengeNameType,
      Session: session,
      ChallengeResponses: responses,
    }),
  );
}

/** Answers SELECT_CHALLENGE with the chosen factor. */
export function selectChallenge(cognito: CognitoIdentityProviderClient, clientId: string, username: string, session: string | undefined, answer: string) {
  return respondToChallenge(cognito, clientId, 'SELECT_CHALLENGE', session, { USERNAME: username, ANSWER: answer });
}

/** AdminInitiateAuth with USER_AUTH and the given AuthParameters. */
export function adminStartUserAuth(cognito: CognitoIdentityProviderClient, poolId: string, clientId: string, parameters: Record<string, string>) {
  return cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: parameters }));
}

/** AdminRespondToAuthChallenge, the server-side twin of respondToChallenge. */
export function adminRespondToChallenge(
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  clientId: string,
  challenge: string,
  session: string | undefined,
  responses: Record<string, string>,
) {
  return cognito.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      ChallengeName: challenge as ChallengeNameType,
      Session: session,
      ChallengeResponses: responses,
    }),
  );
}

/** InitiateAuth USER_AUTH preferring WEB_AUTHN: the Session and the parsed request options. */
export async function startPasskeySignIn(cognito: CognitoIdentityProviderClient, clientId: string, username: string) {
  const result = await startPreferring(cognito, clientId, username, 'WEB_AUTHN');
  if (result.ChallengeName !== 'WEB_AUTHN') throw new Error(`expected WEB_AUTHN, got ${result.ChallengeName}`);
  const optionsText = result.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!;
  return { session: result.Session!, optionsText, options: JSON.parse(optionsText) as PublicKeyCredentialRequestOptionsJSON };
}

/** Answers WEB_AUTHN with the authenticator's assertion (optionally tampered with). */
export function answerPasskey(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  username: string,
  session: string,
  credential: unknown,
) {
  return respondToChallenge(cognito, clientId, 'WEB_AUTHN', session, { USERNAME: username, CREDENTIAL: JSON.stringify(credential) });
}

/** One whole passkey sign-in; `tamper` breaks the assertion. */
export async function passkeySignIn(
  cognito: CognitoIdentityProviderClient,
  clientId: string,
  username: string,
  authenticator: SoftAuthenticator,
  tamper: Tampering = {},
  origin = ORIGIN,
) {
  const { session, options } = await startPasskeySignIn(cognito, clientId, username);
  return answerPasskey(cognito, clientId, username, session, authenticator.get(origin, options, tamper));
}
