// Secrets never reach the log: a whole scenario runs with the logger at trace level into a buffer,
// then the buffer is searched for every password, token, session, code, client secret and private key.
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  VerifyUserAttributeCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  ChangePasswordCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { ManualClock } from '../../src/clock.js';
import { defaultConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startKeypool, type RunningKeypool } from '../../src/server/keypool.js';
import { createClient, expectError, signIn } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { sdkClient, type TestServer } from '../support/server.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { passkeyPool, passkeySignIn, registerPasskey } from '../support/userAuth.js';

describe('secrets in logs', () => {
  let keypool: RunningKeypool;
  let cognito: CognitoIdentityProviderClient;
  let dataDir: string;
  let log = '';
  const clock = new ManualClock(Date.now());
  const secrets = new Map<string, string>();
  const keep = (what: string, value: string | undefined) => {
    if (value) secrets.set(`${what} #${secrets.size}`, value);
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'keypool-logs-'));
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    keypool = await startKeypool(defaultConfig({ port: 0, dataDir, logLevel: 'trace' }), {
      clock,
      logger: createLogger('trace', sink),
    });
    cognito = sdkClient(keypool.url);
  });
  after(async () => {
    cognito?.destroy();
    await keypool?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs no password, token, session, code, client secret or private key', async () => {
    const server = { url: keypool.url } as TestServer;
    const { poolId, clientId } = await passkeyPool(cognito, { pool: { AutoVerifiedAttributes: ['email'] } });
    const secretClient = await createClient(cognito, poolId, { GenerateSecret: true });
    keep('client secret', secretClient.ClientSecret);

    // Sign-up and confirmation.
    const password = `Pw-${randomUUID()}!a1`;
    keep('password', password);
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'logan', Password: password, UserAttributes: [{ Name: 'email', Value: 'logan@example.com' }] }));
    const { code } = await latestMessage(server, poolId, 'logan');
    keep('confirmation code', code);
    await expectError(cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'logan', ConfirmationCode: '000000' })), 'CodeMismatchException');
    const confirmed = await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'logan', ConfirmationCode: code! }));
    keep('sign-up session', confirmed.Session);
    const afterSignUp = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', Session: confirmed.Session, AuthParameters: { USERNAME: 'logan' } }),
    );
    keep('access token (after sign-up)', afterSignUp.AuthenticationResult?.AccessToken);

    // Password sign-in, a wrong password, refresh, change of password.
    const wrong = `Wrong-${randomUUID()}`;
    keep('wrong password', wrong);
    await expectError(signIn(cognito, clientId, 'logan', wrong), 'NotAuthorizedException');
    const tokens = await signIn(cognito, clientId, 'logan', password);
    keep('access token', tokens.AccessToken);
    keep('id token', tokens.IdToken);
    keep('refresh token', tokens.RefreshToken);
    const refreshed = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    keep('refreshed access token', refreshed.AuthenticationResult?.AccessToken);
    keep('refreshed id token', refreshed.AuthenticationResult?.IdToken);
    const newPassword = `New-${randomUUID()}!a1`;
    keep('new password', newPassword);
    await cognito.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken!, PreviousPassword: password, ProposedPassword: newPassword }));

    // A client with a secret: SECRET_HASH, tokens, refresh through GetTokensFromRefreshToken, revocation.
    const secretHash = createHmac('sha256', secretClient.ClientSecret!).update(`logan${secretClient.ClientId}`).digest('base64');
    keep('secret hash', secretHash);
    const viaSecret = await cognito.send(
      new InitiateAuthCommand({
        ClientId: secretClient.ClientId!,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'logan', PASSWORD: newPassword, SECRET_HASH: secretHash },
      }),
    );
    keep('access token (secret client)', viaSecret.AuthenticationResult?.AccessToken);
    keep('refresh token (secret client)', viaSecret.AuthenticationResult?.RefreshToken);
    const again = await cognito.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: secretClient.ClientId!,
        ClientSecret: secretClient.ClientSecret!,
        RefreshToken: viaSecret.AuthenticationResult!.RefreshToken!,
      }),
    );
    keep('access token (GetTokensFromRefreshToken)', again.AuthenticationResult?.AccessToken);
    await cognito.send(
      new RevokeTokenCommand({ ClientId: secretClient.ClientId!, ClientSecret: secretClient.ClientSecret!, Token: viaSecret.AuthenticationResult!.RefreshToken! }),
    );

    // Passkey registration and sign-in, and an email one-time code sign-in.
    const authenticator = new SoftAuthenticator();
    await registerPasskey(cognito, tokens.AccessToken!, authenticator);
    const passkey = await passkeySignIn(cognito, clientId, 'logan', authenticator);
    keep('access token (passkey)', passkey.AuthenticationResult?.AccessToken);
    keep('refresh token (passkey)', passkey.AuthenticationResult?.RefreshToken);
    const otp = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'logan', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }),
    );
    keep('session', otp.Session);
    const otpCode = (await latestMessage(server, poolId, 'logan')).code;
    keep('sign-in code', otpCode);
    const otpTokens = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: otp.Session,
        ChallengeResponses: { USERNAME: 'logan', EMAIL_OTP_CODE: otpCode! },
      }),
    );
    keep('access token (otp)', otpTokens.AuthenticationResult?.AccessToken);

    // Verifying the email again, then a password reset.
    await cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: otpTokens.AuthenticationResult!.AccessToken!, AttributeName: 'email' }));
    const verificationCode = (await latestMessage(server, poolId, 'logan')).code;
    keep('verification code', verificationCode);
    await cognito.send(new VerifyUserAttributeCommand({ AccessToken: otpTokens.AuthenticationResult!.AccessToken!, AttributeName: 'email', Code: verificationCode! }));
    await cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'logan' }));
    const resetCode = (await latestMessage(server, poolId, 'logan')).code;
    keep('reset code', resetCode);
    const resetPassword = `Reset-${randomUUID()}!a1`;
    keep('reset password', resetPassword);
    await expectError(
      cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'logan', ConfirmationCode: '000000', Password: resetPassword })),
      'CodeMismatchException',
    );
    await cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'logan', ConfirmationCode: resetCode!, Password: resetPassword }));

    // A TOTP authenticator: its key, its codes, and a sign-in answered with one.
    await cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const mfaAccess = (await signIn(cognito, clientId, 'logan', resetPassword)).AccessToken!;
    keep('access token (before MFA)', mfaAccess);
    const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: mfaAccess }));
    keep('TOTP key', SecretCode);
    const totp = new TOTP({ secret: Secret.fromBase32(SecretCode!) });
    const setupCode = totp.generate({ timestamp: clock.now() });
    keep('TOTP code', setupCode);
    await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: mfaAccess, UserCode: setupCode }));
    await cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: mfaAccess, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    clock.advance(30_000);
    const mfa = await cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'logan', PASSWORD: resetPassword } }),
    );
    keep('MFA session', mfa.Session);
    const signInCode = totp.generate({ timestamp: clock.now() });
    keep('TOTP sign-in code', signInCode);
    const mfaTokens = await cognito.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: mfa.Session,
        ChallengeResponses: { USERNAME: 'logan', SOFTWARE_TOKEN_MFA_CODE: signInCode },
      }),
    );
    keep('access token (MFA)', mfaTokens.AuthenticationResult?.AccessToken);

    for (const key of await keypool.app.store.keys.listForPool(poolId)) {
      keep('private key PEM', key.privateKeyPem);
      // Any one line of the key's base64 body would give part of it away.
      for (const line of key.privateKeyPem.split('\n').filter((l) => l.length >= 40).slice(0, 3)) keep('private key line', line);
    }

    assert.ok(log.split('\n').length > 20, `the scenario was logged: ${log.slice(0, 500)}`);
    assert.ok(secrets.size >= 20, `${secrets.size} secrets gathered`);
    const leaked = [...secrets].filter(([, value]) => log.includes(value)).map(([what]) => what);
    // Tokens are also checked by their signature part alone, which no log line may carry either.
    const leakedSignatures = [...secrets]
      .filter(([what, value]) => what.includes('token') && value.split('.').length === 3 && log.includes(value.split('.')[2]!))
      .map(([what]) => `${what} (signature)`);
    assert.deepEqual([...leaked, ...leakedSignatures], []);
  });
});
