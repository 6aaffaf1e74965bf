// Unmodified aws-amplify v6, bundled for the browser, in Debian's Chromium with a CDP virtual
// authenticator. The page is served from http://localhost:<P1> and keypool from
// http://localhost:<P2>, so every call crosses origins (CORS preflights included).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AdminAddUserToGroupCommand, CreateGroupCommand, DeleteGroupCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { appPage, bundleApp } from '../support/browserApp.js';
import { chromiumMissing, openPasskeyBrowser, type PasskeyBrowser } from '../support/chromium.js';
import { Secret, TOTP } from 'otpauth';
import { PASSWORD, createClient, createPool, createUser } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { TRIGGER_HANDLER } from '../support/lambdaServer.js';
import { passkeyPool } from '../support/userAuth.js';

const skip = chromiumMissing() ?? false;

// What the page exposes to the test: Amplify's own functions, nothing wrapped.
const ENTRY = `
import { Amplify } from 'aws-amplify';
import {
  signIn, confirmSignIn, signOut, associateWebAuthnCredential, listWebAuthnCredentials, deleteWebAuthnCredential, fetchAuthSession,
  resetPassword, confirmResetPassword, sendUserAttributeVerificationCode, confirmUserAttribute, deleteUserAttributes, fetchUserAttributes,
  signUp, confirmSignUp, autoSignIn,
  setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference, rememberDevice, fetchDevices, forgetDevice,
} from 'aws-amplify/auth';
window.amp = {
  Amplify, signIn, confirmSignIn, signOut, associateWebAuthnCredential, listWebAuthnCredentials, deleteWebAuthnCredential, fetchAuthSession,
  resetPassword, confirmResetPassword, sendUserAttributeVerificationCode, confirmUserAttribute, deleteUserAttributes, fetchUserAttributes,
  signUp, confirmSignUp,
  setUpTOTP, verifyTOTPSetup, updateMFAPreference, fetchMFAPreference, rememberDevice, fetchDevices, forgetDevice,
};
// autoSignIn is a live binding that confirmSignUp replaces: read it when called.
Object.defineProperty(window.amp, 'autoSignIn', { get: () => autoSignIn });
`;

type Result = Record<string, unknown> & { error?: string; message?: string };

describe('Amplify v6 in Chromium', { skip }, () => {
  let keypool: TestServer;
  let browser: PasskeyBrowser;
  let bundleDir: string;
  let poolId: string;
  let clientId: string;
  let endpoint: string;

  /** Runs `fn(window.amp, arg)` in the page; a thrown error comes back as {error, message}. */
  const run = (fn: string, arg?: unknown): Promise<Result> =>
    browser.page.evaluate(
      async ([source, value]) => {
        try {
          const result = await (0, eval)(source)((window as unknown as { amp: unknown }).amp, value);
          return JSON.parse(JSON.stringify(result ?? {}));
        } catch (e) {
          return { error: (e as Error).name, message: (e as Error).message };
        }
      },
      [fn, arg] as const,
    );

  before(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), 'keypool-amplify-'));
    process.env.KEYPOOL_TRIGGER_EVENTS = join(bundleDir, 'trigger-events');
    const [bundle, server] = await Promise.all([bundleApp(bundleDir, ENTRY), startTestServer({ triggers: { 'keypool-test-trigger': TRIGGER_HANDLER } })]);
    keypool = server;
    browser = await openPasskeyBrowser({ serve: appPage(bundle) });

    ({ poolId, clientId } = await passkeyPool(keypool.cognito, {
      pool: {
        PoolName: 'amplify',
        UserPoolTier: 'ESSENTIALS',
        AutoVerifiedAttributes: ['email'],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      },
    }));
    await createUser(keypool.cognito, poolId, 'alice', { email: 'alice@example.com', email_verified: 'true' });

    endpoint = `http://localhost:${new URL(keypool.url).port}`;
    await configure(poolId, clientId);
  });

  const configure = (userPoolId: string, userPoolClientId: string) =>
    run(
      `(amp, c) => amp.Amplify.configure({ Auth: { Cognito: { userPoolId: c.userPoolId, userPoolClientId: c.userPoolClientId, userPoolEndpoint: c.endpoint } } })`,
      { userPoolId, userPoolClientId, endpoint },
    );

  after(async () => {
    await browser?.close();
    await keypool?.dispose();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  const signOut = () => run(`(amp) => amp.signOut()`);

  test('the default signIn (USER_SRP_AUTH) with the right password signs in; a wrong one is refused', async () => {
    const wrong = await run(`(amp) => amp.signIn({ username: 'alice', password: 'Wrong-passw0rd!' })`);
    assert.equal(wrong.error, 'NotAuthorizedException');
    assert.equal(wrong.message, 'Incorrect username or password.');
    const result = await run(`(amp, password) => amp.signIn({ username: 'alice', password })`, PASSWORD);
    assert.equal(result.isSignedIn, true, JSON.stringify(result));
    const session = await run(`async (amp) => { const s = await amp.fetchAuthSession(); return { access: s.tokens?.accessToken?.payload, id: s.tokens?.idToken?.payload }; }`);
    assert.equal((session.access as Record<string, unknown>).username, 'alice');
    assert.equal((session.id as Record<string, unknown>).email, 'alice@example.com');
    await signOut();
  });

  test("fetchAuthSession shows the user's groups in the ID and access token payloads", async () => {
    const role = 'arn:aws:iam::123456789012:role/editors';
    await keypool.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Precedence: 1, RoleArn: role }));
    await keypool.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers', Precedence: 2 }));
    for (const GroupName of ['readers', 'editors']) {
      await keypool.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName }));
    }
    try {
      const result = await run(`(amp, password) => amp.signIn({ username: 'alice', password })`, PASSWORD);
      assert.equal(result.isSignedIn, true, JSON.stringify(result));
      const session = await run(`async (amp) => { const s = await amp.fetchAuthSession(); return { access: s.tokens?.accessToken?.payload, id: s.tokens?.idToken?.payload }; }`);
      const access = session.access as Record<string, unknown>;
      const id = session.id as Record<string, unknown>;
      assert.deepEqual(access['cognito:groups'], ['editors', 'readers']);
      assert.deepEqual(id['cognito:groups'], ['editors', 'readers']);
      assert.deepEqual(id['cognito:roles'], [role]);
      assert.equal(id['cognito:preferred_role'], role);
      await signOut();
    } finally {
      for (const GroupName of ['readers', 'editors']) await keypool.cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName }));
    }
  });

  test('signIn USER_AUTH with PASSWORD_SRP answers PASSWORD_VERIFIER with a Session', async () => {
    const result = await run(
      `(amp, password) => amp.signIn({ username: 'alice', password, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' } })`,
      PASSWORD,
    );
    assert.equal(result.isSignedIn, true, JSON.stringify(result));
  });

  test('passkeys: associate, list, sign in with WEB_AUTHN both ways, fetch the session, delete', async () => {
    const associated = await run(`(amp) => amp.associateWebAuthnCredential()`);
    assert.equal(associated.error, undefined, JSON.stringify(associated));
    const listed = await run(`(amp) => amp.listWebAuthnCredentials()`);
    const credentials = listed.credentials as { credentialId: string; relyingPartyId: string }[];
    assert.equal(credentials.length, 1, JSON.stringify(listed));
    assert.equal(credentials[0]!.relyingPartyId, 'localhost');
    await signOut();

    const preferred = await run(`(amp) => amp.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } })`);
    assert.equal(preferred.isSignedIn, true, JSON.stringify(preferred));
    await signOut();

    const choice = await run(`(amp) => amp.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH' } })`);
    const nextStep = choice.nextStep as { signInStep: string; availableChallenges: string[] };
    assert.equal(nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', JSON.stringify(choice));
    assert.ok(nextStep.availableChallenges.includes('WEB_AUTHN'));
    const confirmed = await run(`(amp) => amp.confirmSignIn({ challengeResponse: 'WEB_AUTHN' })`);
    assert.equal(confirmed.isSignedIn, true, JSON.stringify(confirmed));

    const session = await run(`async (amp) => { const s = await amp.fetchAuthSession(); return { access: !!s.tokens?.accessToken, id: !!s.tokens?.idToken, sub: s.userSub }; }`);
    assert.equal(session.access, true);
    assert.equal(session.id, true);
    assert.ok(session.sub);

    const deleted = await run(`(amp, credentialId) => amp.deleteWebAuthnCredential({ credentialId })`, credentials[0]!.credentialId);
    assert.equal(deleted.error, undefined, JSON.stringify(deleted));
    const after = await run(`(amp) => amp.listWebAuthnCredentials()`);
    assert.deepEqual(after.credentials, []);
    await signOut();
  });

  test('an authenticator answering with a bogus signature does not sign in', async () => {
    const signedIn = await run(`(amp, password) => amp.signIn({ username: 'alice', password })`, PASSWORD);
    assert.equal(signedIn.isSignedIn, true);
    const associated = await run(`(amp) => amp.associateWebAuthnCredential()`);
    assert.equal(associated.error, undefined, JSON.stringify(associated));
    await signOut();

    const { cdp, authenticatorId } = browser;
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, isBogusSignature: true });
    try {
      const refused = await run(`(amp) => amp.signIn({ username: 'alice', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } })`);
      assert.equal(refused.error, 'NotAuthorizedException', JSON.stringify(refused));
      const session = await run(`async (amp) => { const s = await amp.fetchAuthSession(); return { access: !!s.tokens?.accessToken }; }`);
      assert.equal(session.access, false);
    } finally {
      await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId });
    }
  });

  /** The newest code the user was sent, read from the operator outbox as an app's tester would. */
  const newestCode = async (username: string) => (await latestMessage(keypool, poolId, username)).code!;

  test('resetPassword and confirmResetPassword: a code to the verified email, then the new password signs in', async () => {
    await createUser(keypool.cognito, poolId, 'bob', { email: 'bob@example.com', email_verified: 'true' });
    const started = await run(`(amp) => amp.resetPassword({ username: 'bob' })`);
    assert.equal(started.error, undefined, JSON.stringify(started));
    assert.deepEqual(started.nextStep, {
      resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
      codeDeliveryDetails: { destination: 'b***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' },
    });
    const code = await newestCode('bob');
    const weak = await run(`(amp, confirmationCode) => amp.confirmResetPassword({ username: 'bob', confirmationCode, newPassword: 'short' })`, code);
    assert.equal(weak.error, 'InvalidPasswordException', JSON.stringify(weak));
    const confirmed = await run(
      `(amp, confirmationCode) => amp.confirmResetPassword({ username: 'bob', confirmationCode, newPassword: 'Reset-Passw0rd!' })`,
      code,
    );
    assert.equal(confirmed.error, undefined, JSON.stringify(confirmed));
    const old = await run(`(amp, password) => amp.signIn({ username: 'bob', password })`, PASSWORD);
    assert.equal(old.error, 'NotAuthorizedException');
    const signedIn = await run(`(amp) => amp.signIn({ username: 'bob', password: 'Reset-Passw0rd!' })`);
    assert.equal(signedIn.isSignedIn, true, JSON.stringify(signedIn));
    await signOut();
  });

  test('sendUserAttributeVerificationCode, confirmUserAttribute and deleteUserAttributes for the signed-in user', async () => {
    await createUser(keypool.cognito, poolId, 'carol', { email: 'carol@example.com', nickname: 'cc' });
    const signedIn = await run(`(amp, password) => amp.signIn({ username: 'carol', password })`, PASSWORD);
    assert.equal(signedIn.isSignedIn, true, JSON.stringify(signedIn));
    const sent = await run(`(amp) => amp.sendUserAttributeVerificationCode({ userAttributeKey: 'email' })`);
    assert.deepEqual(sent, { destination: 'c***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' });
    const wrongCode = await run(`(amp) => amp.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '000000' })`);
    assert.equal(wrongCode.error, 'CodeMismatchException', JSON.stringify(wrongCode));
    const confirmed = await run(`(amp, confirmationCode) => amp.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode })`, await newestCode('carol'));
    assert.equal(confirmed.error, undefined, JSON.stringify(confirmed));
    assert.equal((await run(`(amp) => amp.fetchUserAttributes()`)).email_verified, 'true');

    const deleted = await run(`(amp) => amp.deleteUserAttributes({ userAttributeKeys: ['nickname'] })`);
    assert.equal(deleted.error, undefined, JSON.stringify(deleted));
    const attributes = await run(`(amp) => amp.fetchUserAttributes()`);
    assert.equal(attributes.nickname, undefined);
    assert.equal(attributes.email, 'carol@example.com');
    await signOut();
  });

  test('signUp with autoSignIn: confirmSignUp, then autoSignIn signs in with the confirmation Session (USER_AUTH)', async () => {
    const signedUp = await run(
      `(amp, password) => amp.signUp({ username: 'dave', password, options: { userAttributes: { email: 'dave@example.com' }, autoSignIn: { authFlowType: 'USER_AUTH' } } })`,
      PASSWORD,
    );
    assert.equal((signedUp.nextStep as { signUpStep: string }).signUpStep, 'CONFIRM_SIGN_UP', JSON.stringify(signedUp));
    const confirmed = await run(`(amp, confirmationCode) => amp.confirmSignUp({ username: 'dave', confirmationCode })`, await newestCode('dave'));
    assert.equal((confirmed.nextStep as { signUpStep: string }).signUpStep, 'COMPLETE_AUTO_SIGN_IN', JSON.stringify(confirmed));
    const auto = await run(`(amp) => amp.autoSignIn()`);
    assert.equal(auto.isSignedIn, true, JSON.stringify(auto));
    const session = await run(`async (amp) => { const s = await amp.fetchAuthSession(); return { username: s.tokens?.accessToken?.payload?.username }; }`);
    assert.equal(session.username, 'dave');
    await signOut();
  });

  test('custom authentication run by trigger functions: signIn CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP, then confirmSignIn with the answer', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:keypool-test-trigger';
    const customPoolId = (await createPool(keypool.cognito, {
      PoolName: 'amplify-custom',
      LambdaConfig: { DefineAuthChallenge: arn, CreateAuthChallenge: arn, VerifyAuthChallengeResponse: arn },
    })).Id!;
    const customClientId = (await createClient(keypool.cognito, customPoolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).ClientId!;
    await createUser(keypool.cognito, customPoolId, 'cleo');
    await configure(customPoolId, customClientId);
    try {
      for (const authFlowType of ['CUSTOM_WITHOUT_SRP', 'CUSTOM_WITH_SRP']) {
        const password = authFlowType === 'CUSTOM_WITH_SRP' ? PASSWORD : undefined;
        const started = await run(`(amp, a) => amp.signIn({ username: 'cleo', password: a.password, options: { authFlowType: a.authFlowType } })`, { password, authFlowType });
        assert.ok(started.nextStep, JSON.stringify(started));
        const step = started.nextStep as { signInStep: string; additionalInfo?: Record<string, string> };
        assert.equal(step.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', JSON.stringify(started));
        assert.equal(step.additionalInfo?.hint, 'the name of this server');
        const wrong = await run(`(amp) => amp.confirmSignIn({ challengeResponse: 'cognito' })`);
        assert.equal((wrong.nextStep as { signInStep: string } | undefined)?.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', JSON.stringify(wrong));
        const done = await run(`(amp) => amp.confirmSignIn({ challengeResponse: 'keypool' })`);
        assert.equal(done.isSignedIn, true, JSON.stringify(done));
        await signOut();
      }
    } finally {
      await configure(poolId, clientId);
    }
  });

  test('TOTP MFA and a remembered device: setUpTOTP, verifyTOTPSetup, updateMFAPreference, confirmSignIn, rememberDevice, fetchDevices, forgetDevice', async () => {
    const mfaPoolId = (await createPool(keypool.cognito, { PoolName: 'amplify-mfa', DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } })).Id!;
    await keypool.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfaPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const mfaClientId = (await createClient(keypool.cognito, mfaPoolId)).ClientId!;
    await createUser(keypool.cognito, mfaPoolId, 'mona');
    const code = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: keypool.clock.now() });
    const signInMona = () => run(`(amp, password) => amp.signIn({ username: 'mona', password })`, PASSWORD);
    await configure(mfaPoolId, mfaClientId);
    try {
      assert.equal((await signInMona()).isSignedIn, true);
      const setup = await run(`async (amp) => { const d = await amp.setUpTOTP(); return { secret: d.sharedSecret, uri: d.getSetupUri('keypool').toString() }; }`);
      assert.match(String(setup.secret), /^[A-Z2-7]{52}$/);
      const secret = String(setup.secret);
      assert.equal(new URL(String(setup.uri)).searchParams.get('secret'), secret);
      assert.equal((await run(`(amp, code) => amp.verifyTOTPSetup({ code })`, code(secret))).error, undefined);
      assert.equal((await run(`(amp) => amp.updateMFAPreference({ totp: 'PREFERRED' })`)).error, undefined);
      assert.deepEqual(await run(`(amp) => amp.fetchMFAPreference()`), { enabled: ['TOTP'], preferred: 'TOTP' });
      await signOut();
      keypool.clock.advance(30_000);

      // The device Amplify confirmed at the first sign-in is not remembered yet: a TOTP code is asked.
      const challenged = await signInMona();
      assert.equal((challenged.nextStep as Record<string, unknown>).signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', JSON.stringify(challenged));
      const confirmed = await run(`(amp, code) => amp.confirmSignIn({ challengeResponse: code })`, code(secret));
      assert.equal(confirmed.isSignedIn, true, JSON.stringify(confirmed));
      assert.equal((await run(`(amp) => amp.rememberDevice()`)).error, undefined);
      const devices = (await run(`async (amp) => ({ list: await amp.fetchDevices() })`)).list as { id: string; attributes: Record<string, string> }[];
      assert.equal(devices.length, 1);
      assert.equal(devices[0]!.attributes.device_status, 'remembered');
      await signOut();

      // Remembered: device SRP instead of MFA.
      const remembered = await signInMona();
      assert.equal(remembered.isSignedIn, true, JSON.stringify(remembered));
      assert.equal((await run(`(amp) => amp.forgetDevice()`)).error, undefined);
      assert.deepEqual((await run(`async (amp) => ({ list: await amp.fetchDevices() })`)).list, []);
      await signOut();
      keypool.clock.advance(30_000);
      assert.equal(((await signInMona()).nextStep as Record<string, unknown>).signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    } finally {
      await configure(poolId, clientId);
    }
  });
});
