// amazon-cognito-identity-js, unmodified, signing in with its default flow (USER_SRP_AUTH) against
// a real keypool through CognitoUserPool's `endpoint` option; and its MFA and device support: an
// authenticator registered with associateSoftwareToken, a sign-in answered with sendMFACode, a device
// remembered with setDeviceStatusRemembered that then signs in by device SRP without MFA; and custom
// authentication run by the pool's trigger functions (initiateAuth, and authenticateUser with SRP first).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AdminCreateUserCommand, AdminGetUserCommand, AdminListDevicesCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import identity from 'amazon-cognito-identity-js';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, createClient, createPool, createUser, poolWithUser } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TRIGGER_HANDLER } from '../support/lambdaServer.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { AuthenticationDetails, CognitoUser, CognitoUserPool } = identity;

type Outcome =
  | { kind: 'success'; session: identity.CognitoUserSession }
  | { kind: 'failure'; error: Error & { code?: string } }
  | { kind: 'newPasswordRequired' }
  | { kind: 'totpRequired' };

function authenticate(pool: identity.CognitoUserPool, username: string, password: string, user = new CognitoUser({ Username: username, Pool: pool })): Promise<Outcome> {
  return new Promise((resolve) => {
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ kind: 'success', session }),
      onFailure: (error) => resolve({ kind: 'failure', error }),
      newPasswordRequired: () => resolve({ kind: 'newPasswordRequired' }),
      totpRequired: () => resolve({ kind: 'totpRequired' }),
    });
  });
}

/** A callback-style call of CognitoUser as a promise. */
function call<T>(start: (callbacks: { onSuccess: (value: T) => void; onFailure: (error: Error) => void }) => void): Promise<T> {
  return new Promise((resolve, reject) => start({ onSuccess: resolve, onFailure: reject }));
}

describe('amazon-cognito-identity-js', () => {
  let server: TestServer;
  let pool: identity.CognitoUserPool;
  let poolId: string;
  const eventsDir = mkdtempSync(join(tmpdir(), 'keypool-identity-js-triggers-'));

  before(async () => {
    process.env.KEYPOOL_TRIGGER_EVENTS = eventsDir;
    server = await startTestServer({ triggers: { 'keypool-test-trigger': TRIGGER_HANDLER } });
    poolId = (await createPool(server.cognito)).Id!;
    // Its default app client flows: SRP, nothing else.
    const clientId = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await createUser(server.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });
    pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: server.url });
  });
  after(async () => {
    await server.dispose();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  test('authenticateUser signs in with SRP and gets verifiable tokens', async () => {
    const outcome = await authenticate(pool, 'alice', PASSWORD);
    assert.equal(outcome.kind, 'success', outcome.kind === 'failure' ? outcome.error.message : '');
    const session = (outcome as { session: identity.CognitoUserSession }).session;
    assert.equal(session.isValid(), true);
    assert.equal(session.getAccessToken().decodePayload().username, 'alice');
    assert.equal(session.getIdToken().decodePayload().email, 'alice@example.com');
    assert.ok(session.getRefreshToken().getToken());
  });

  test('the e-mail alias signs in too', async () => {
    const { poolId: aliasPoolId, clientId: aliasClient } = await poolWithUser(server.cognito, {
      pool: { PoolName: 'alias', AliasAttributes: ['email'] },
      username: 'bob',
    });
    const aliasPool = new CognitoUserPool({ UserPoolId: aliasPoolId, ClientId: aliasClient, endpoint: server.url });
    const outcome = await authenticate(aliasPool, 'bob@example.com', PASSWORD);
    assert.equal(outcome.kind, 'success', outcome.kind === 'failure' ? outcome.error.message : '');
  });

  test('custom authentication: initiateAuth and sendCustomChallengeAnswer, and authenticateUser proving the password first', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:keypool-test-trigger';
    const { poolId: customPoolId, clientId } = await poolWithUser(server.cognito, {
      pool: { PoolName: 'custom', LambdaConfig: { DefineAuthChallenge: arn, CreateAuthChallenge: arn, VerifyAuthChallengeResponse: arn } },
      client: { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      username: 'dora',
    });
    const customPool = new CognitoUserPool({ UserPoolId: customPoolId, ClientId: clientId, endpoint: server.url });
    const signIn = (start: (user: identity.CognitoUser, callbacks: identity.IAuthenticationCallback) => void) =>
      new Promise<identity.CognitoUserSession>((resolve, reject) => {
        const user = new CognitoUser({ Username: 'dora', Pool: customPool });
        user.setAuthenticationFlowType('CUSTOM_AUTH');
        const callbacks: identity.IAuthenticationCallback = {
          onSuccess: resolve,
          onFailure: reject,
          customChallenge: (parameters: { hint?: string }) => {
            assert.equal(parameters.hint, 'the name of this server');
            user.sendCustomChallengeAnswer('keypool', callbacks);
          },
        };
        start(user, callbacks);
      });
    const details = new AuthenticationDetails({ Username: 'dora', Password: PASSWORD });
    const custom = await signIn((user, callbacks) => user.initiateAuth(details, callbacks));
    assert.equal(custom.getIdToken().decodePayload()['cognito:username'], 'dora');
    const withPassword = await signIn((user, callbacks) => user.authenticateUser(details, callbacks));
    assert.equal(withPassword.isValid(), true);
  });

  test('a wrong password is refused with NotAuthorizedException', async () => {
    const outcome = await authenticate(pool, 'alice', 'Wrong-passw0rd!');
    assert.equal(outcome.kind, 'failure');
    const { error } = outcome as { error: Error & { code?: string } };
    assert.equal(error.code ?? error.name, 'NotAuthorizedException');
    assert.equal(error.message, 'Incorrect username or password.');
  });

  test('a temporary password leads to newPasswordRequired', async () => {
    await server.cognito.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'carol', TemporaryPassword: 'Temp-passw0rd!', MessageAction: 'SUPPRESS' }),
    );
    assert.equal((await authenticate(pool, 'carol', 'Temp-passw0rd!')).kind, 'newPasswordRequired');
  });

  test('MFA and a remembered device: associateSoftwareToken, sendMFACode, setDeviceStatusRemembered, then device SRP without MFA', async () => {
    const mfaPoolId = (await createPool(server.cognito, { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } })).Id!;
    await server.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const clientId = (await createClient(server.cognito, mfaPoolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await createUser(server.cognito, mfaPoolId, 'dana');
    const mfaPool = new CognitoUserPool({ UserPoolId: mfaPoolId, ClientId: clientId, endpoint: server.url });
    const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: server.clock.now() });

    // The first sign-in: no MFA yet; the library confirms the new device on its own.
    const dana = new CognitoUser({ Username: 'dana', Pool: mfaPool });
    assert.equal((await authenticate(mfaPool, 'dana', PASSWORD, dana)).kind, 'success');
    const devices = await server.cognito.send(new AdminListDevicesCommand({ UserPoolId: mfaPoolId, Username: 'dana' }));
    assert.equal(devices.Devices!.length, 1);

    const secret = await new Promise<string>((resolve, reject) => dana.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    await call((callbacks) => dana.verifySoftwareToken(totp(secret), 'dana-phone', callbacks));
    await new Promise((resolve, reject) => dana.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, (error, result) => (error ? reject(error) : resolve(result))));
    const mfa = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: mfaPoolId, Username: 'dana' }));
    assert.deepEqual(mfa.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
    server.clock.advance(30_000);

    // The device is confirmed but not remembered: a TOTP code, then the library's device SRP.
    const second = new CognitoUser({ Username: 'dana', Pool: mfaPool });
    assert.equal((await authenticate(mfaPool, 'dana', PASSWORD, second)).kind, 'totpRequired');
    const session = await call<identity.CognitoUserSession>((callbacks) => second.sendMFACode(totp(secret), callbacks, 'SOFTWARE_TOKEN_MFA'));
    const deviceKey = session.getAccessToken().decodePayload().device_key as string;
    assert.equal(deviceKey, devices.Devices![0]!.DeviceKey);
    await call((callbacks) => second.setDeviceStatusRemembered(callbacks));

    // Remembered: device SRP stands in for MFA.
    const third = new CognitoUser({ Username: 'dana', Pool: mfaPool });
    const remembered = await authenticate(mfaPool, 'dana', PASSWORD, third);
    assert.equal(remembered.kind, 'success', 'no TOTP code asked on the remembered device');
    assert.equal((remembered as { session: identity.CognitoUserSession }).session.getAccessToken().decodePayload().device_key, deviceKey);
  });
});
