// MFA through the real SDK: registering an authenticator (AssociateSoftwareToken, VerifySoftwareToken),
// the user's MFA settings (SetUserMFAPreference, AdminSetUserMFAPreference), and the second factor in
// every flow that checks a password: SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE and
// MFA_SETUP, under MfaConfiguration OFF, OPTIONAL and ON. TOTP codes come from an independent library
// (otpauth) at the server's clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type SetUserPoolMfaConfigCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { latestMessage } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SrpTestClient, answerSrp, startSrp } from '../support/srpClient.js';
import { TestDevice } from '../support/devices.js';
import { PASSWORD, claims, createClient, createPool, createUser, expectError, passwordAuth, signIn } from '../support/fixtures.js';
import { respondToChallenge, selectChallenge, startUserAuth } from '../support/userAuth.js';

const SMS_MFA = { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'keypool' } };
const EMAIL_MFA = { Message: 'Your sign-in code is {####}', Subject: 'Sign-in code' };
const MISMATCH = 'Invalid code or auth state for the user.';
const STEP_MS = 30_000;

type Mode = 'OFF' | 'OPTIONAL' | 'ON';

describe('MFA', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  /** The code of a TOTP secret at the server's clock. */
  const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: server.clock.now() });

  const configure = (UserPoolId: string, MfaConfiguration: Mode, extra: Partial<SetUserPoolMfaConfigCommandInput> = {}) =>
    server.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId,
        MfaConfiguration,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: SMS_MFA,
        EmailMfaConfiguration: EMAIL_MFA,
        ...extra,
      }),
    );

  /** A pool offering TOTP, SMS and email MFA under `mode`, with a client allowing every password flow. */
  async function mfaPool(mode: Mode = 'OPTIONAL') {
    const pool = await createPool(server.cognito);
    await configure(pool.Id!, mode);
    const client = await createClient(server.cognito, pool.Id!, {
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    return { poolId: pool.Id!, clientId: client.ClientId! };
  }

  /** Registers an authenticator for a signed-in user; returns its secret. */
  async function registerTotp(accessToken: string, name?: string): Promise<string> {
    const { SecretCode } = await server.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const verified = await server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(SecretCode!), FriendlyDeviceName: name }));
    assert.equal(verified.Status, 'SUCCESS');
    return SecretCode!;
  }

  /** A user (in an OPTIONAL pool) with a registered authenticator and TOTP MFA on and preferred. */
  async function totpUser(poolId: string, clientId: string, username: string, attributes: Record<string, string> = {}) {
    await createUser(server.cognito, poolId, username, attributes);
    const accessToken = (await signIn(server.cognito, clientId, username)).AccessToken!;
    const secret = await registerTotp(accessToken, `${username}'s phone`);
    await server.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    // The code just used cannot serve the next sign-in: move to the next time step.
    server.clock.advance(STEP_MS);
    return { secret, accessToken };
  }

  const mfaOf = async (poolId: string, Username: string) => {
    const { UserMFASettingList, PreferredMfaSetting } = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }));
    return { UserMFASettingList, PreferredMfaSetting };
  };

  it('AssociateSoftwareToken gives a 52-character base32 key; VerifySoftwareToken takes its first code and nothing else', async () => {
    const { poolId, clientId } = await mfaPool();
    await createUser(server.cognito, poolId, 'tom');
    const accessToken = (await signIn(server.cognito, clientId, 'tom')).AccessToken!;
    await expectError(
      server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: '123456' })),
      'SoftwareTokenMFANotFoundException',
    );
    const { SecretCode, Session } = await server.cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    assert.match(SecretCode!, /^[A-Z2-7]{52}$/);
    assert.equal(Session, undefined);
    const wrong = String((Number(totp(SecretCode!)) + 1) % 1_000_000).padStart(6, '0');
    await expectError(
      server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: wrong })),
      'EnableSoftwareTokenMFAException',
      'Code mismatch and fail enable Software Token MFA',
    );
    await expectError(
      server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, Session: 'x'.repeat(20), UserCode: totp(SecretCode!) })),
      'InvalidParameterException',
    );
    // Verified, but not turned on: the user's MFA settings are theirs to choose.
    assert.equal((await server.cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totp(SecretCode!) }))).Status, 'SUCCESS');
    assert.deepEqual(await mfaOf(poolId, 'tom'), { UserMFASettingList: undefined, PreferredMfaSetting: undefined });
    assert.equal((await signIn(server.cognito, clientId, 'tom')).AccessToken !== undefined, true);
  });

  it('SetUserMFAPreference and AdminSetUserMFAPreference turn types on and off with one preferred, and refuse what cannot be', async () => {
    const { poolId, clientId } = await mfaPool();
    await createUser(server.cognito, poolId, 'pia', { email: 'pia@example.com', phone_number: '+15555550100' });
    const accessToken = (await signIn(server.cognito, clientId, 'pia')).AccessToken!;
    const set = (input: Omit<ConstructorParameters<typeof SetUserMFAPreferenceCommand>[0], 'AccessToken'>) =>
      server.cognito.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, ...input }));

    await expectError(set({ SoftwareTokenMfaSettings: { Enabled: true } }), 'InvalidParameterException', 'User has not verified software token mfa');
    await expectError(
      set({ SMSMfaSettings: { Enabled: true, PreferredMfa: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }),
      'InvalidParameterException',
      'Only one MFA type can be preferred.',
    );
    await expectError(set({ SMSMfaSettings: { Enabled: false, PreferredMfa: true } }), 'InvalidParameterException');
    assert.deepEqual(await mfaOf(poolId, 'pia'), { UserMFASettingList: undefined, PreferredMfaSetting: undefined }, 'refusals change nothing');

    await set({ SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    assert.deepEqual(await mfaOf(poolId, 'pia'), { UserMFASettingList: ['SMS_MFA', 'EMAIL_OTP'], PreferredMfaSetting: 'EMAIL_OTP' });
    const own = await server.cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    assert.deepEqual(own.UserMFASettingList, ['SMS_MFA', 'EMAIL_OTP']);
    assert.equal(own.PreferredMfaSetting, 'EMAIL_OTP');

    // Turning the preferred type off leaves no preference; members left out change nothing.
    await server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'pia', EmailMfaSettings: { Enabled: false } }));
    assert.deepEqual(await mfaOf(poolId, 'pia'), { UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: undefined });

    await createUser(server.cognito, poolId, 'nophone');
    await expectError(
      server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'nophone', SMSMfaSettings: { Enabled: true } })),
      'InvalidParameterException',
      'User does not have a phone_number set to turn on SMS MFA',
    );
    await expectError(
      server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'nophone', WebAuthnMfaSettings: { Enabled: true } })),
      'InvalidParameterException',
      /MULTI_FACTOR_WITH_USER_VERIFICATION/,
    );
    await expectError(
      server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'ghost', SMSMfaSettings: { Enabled: false } })),
      'UserNotFoundException',
    );
  });

  it('a user with TOTP on answers SOFTWARE_TOKEN_MFA after every flow that checks a password', async () => {
    const { poolId, clientId } = await mfaPool();
    const { secret } = await totpUser(poolId, clientId, 'uma');
    const answer = async (challenge: { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string> }, admin = false) => {
      assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.deepEqual(challenge.ChallengeParameters, { FRIENDLY_DEVICE_NAME: "uma's phone" });
      const responses = { USERNAME: 'uma', SOFTWARE_TOKEN_MFA_CODE: totp(secret) };
      const result = admin
        ? await server.cognito.send(
            new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session, ChallengeResponses: responses }),
          )
        : await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, responses);
      assert.ok(result.AuthenticationResult?.AccessToken);
      server.clock.advance(STEP_MS);
    };

    const plain = await passwordAuth(server.cognito, clientId, { USERNAME: 'uma', PASSWORD });
    assert.equal(plain.AuthenticationResult, undefined);
    await answer(plain);

    const srp = new SrpTestClient(poolId);
    const verifier = await startSrp(server.cognito, clientId, srp, 'uma');
    await answer(await answerSrp(server.cognito, clientId, srp.answer(verifier.ChallengeParameters!, PASSWORD, server.clock.now())));

    await answer(
      await server.cognito.send(
        new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'uma', PASSWORD } }),
      ),
      true,
    );

    await answer(await startUserAuth(server.cognito, clientId, { USERNAME: 'uma', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }));

    const choice = await startUserAuth(server.cognito, clientId, { USERNAME: 'uma' });
    const srpAuth = new SrpTestClient(poolId);
    const passwordVerifier = await respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', choice.Session, { USERNAME: 'uma', ANSWER: 'PASSWORD_SRP', SRP_A: srpAuth.srpA });
    await answer(
      await answerSrp(server.cognito, clientId, srpAuth.answer(passwordVerifier.ChallengeParameters!, PASSWORD, server.clock.now()), passwordVerifier.Session),
    );
  });

  it('a TOTP code serves once; a wrong code is refused and the same Session can be answered again', async () => {
    const { poolId, clientId } = await mfaPool();
    const { secret } = await totpUser(poolId, clientId, 'ugo');
    const first = await passwordAuth(server.cognito, clientId, { USERNAME: 'ugo', PASSWORD });
    const code = totp(secret);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', first.Session, { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: wrong }),
      'CodeMismatchException',
      MISMATCH,
    );
    assert.ok(
      (await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', first.Session, { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: code })).AuthenticationResult,
    );
    const second = await passwordAuth(server.cognito, clientId, { USERNAME: 'ugo', PASSWORD });
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', second.Session, { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: code }),
      'ExpiredCodeException',
      'Your software token has already been used once.',
    );
    // The app's next code answers the same Session.
    server.clock.advance(STEP_MS);
    assert.ok(
      (await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', second.Session, { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: totp(secret) })).AuthenticationResult,
    );
    const third = await passwordAuth(server.cognito, clientId, { USERNAME: 'ugo', PASSWORD });
    // The Session of one sign-in answers only its own challenge, and only for its user.
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SMS_MFA', third.Session, { USERNAME: 'ugo', SMS_MFA_CODE: '123456' }),
      'NotAuthorizedException',
    );
  });

  it('wrong codes count toward the per-user code lockout: after five, even the right code waits', async () => {
    const { poolId, clientId } = await mfaPool();
    const { secret } = await totpUser(poolId, clientId, 'lou');
    const challenge = await passwordAuth(server.cognito, clientId, { USERNAME: 'lou', PASSWORD });
    const wrong = String((Number(totp(secret)) + 1) % 1_000_000).padStart(6, '0');
    const respond = (code: string) => respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'lou', SOFTWARE_TOKEN_MFA_CODE: code });
    for (let i = 0; i < 5; i++) await expectError(respond(wrong), 'CodeMismatchException', MISMATCH);
    await expectError(respond(totp(secret)), 'CodeMismatchException', MISMATCH);
    server.clock.advance(2_000);
    assert.ok((await respond(totp(secret))).AuthenticationResult);
  });

  it('SMS and email MFA send a code to the phone number or email, which the first code marks verified', async () => {
    const { poolId, clientId } = await mfaPool();
    await createUser(server.cognito, poolId, 'sam', { phone_number: '+15555550123', email: 'sam@example.com' });
    await server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'sam', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const sms = await passwordAuth(server.cognito, clientId, { USERNAME: 'sam', PASSWORD });
    assert.equal(sms.ChallengeName, 'SMS_MFA');
    assert.deepEqual(sms.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });
    const text = await latestMessage(server, poolId, 'sam');
    assert.equal(text.channel, 'SMS');
    const signedIn = await respondToChallenge(server.cognito, clientId, 'SMS_MFA', sms.Session, { USERNAME: 'sam', SMS_MFA_CODE: text.code! });
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    const attributes = (await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }))).UserAttributes!;
    assert.equal(attributes.find((a) => a.Name === 'phone_number_verified')?.Value, 'true');

    await server.cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'sam', SMSMfaSettings: { Enabled: false }, EmailMfaSettings: { Enabled: true, PreferredMfa: true } }),
    );
    const email = await passwordAuth(server.cognito, clientId, { USERNAME: 'sam', PASSWORD });
    assert.equal(email.ChallengeName, 'EMAIL_OTP');
    assert.equal(email.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
    const message = await latestMessage(server, poolId, 'sam');
    assert.equal(message.subject, 'Sign-in code');
    assert.equal(message.message, `Your sign-in code is ${message.code}`);
    await expectError(respondToChallenge(server.cognito, clientId, 'EMAIL_OTP', email.Session, { USERNAME: 'sam', EMAIL_OTP_CODE: '000000' === message.code ? '111111' : '000000' }), 'CodeMismatchException', MISMATCH);
    assert.ok((await respondToChallenge(server.cognito, clientId, 'EMAIL_OTP', email.Session, { USERNAME: 'sam', EMAIL_OTP_CODE: message.code! })).AuthenticationResult);
  });

  it('with several types on and none preferred, the user chooses (SELECT_MFA_TYPE)', async () => {
    const { poolId, clientId } = await mfaPool();
    const { secret } = await totpUser(poolId, clientId, 'sol', { phone_number: '+15555550177' });
    await server.cognito.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'sol', SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false } }),
    );
    assert.deepEqual(await mfaOf(poolId, 'sol'), { UserMFASettingList: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'], PreferredMfaSetting: undefined });
    const select = await passwordAuth(server.cognito, clientId, { USERNAME: 'sol', PASSWORD });
    assert.equal(select.ChallengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE!), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    await expectError(
      respondToChallenge(server.cognito, clientId, 'SELECT_MFA_TYPE', select.Session, { USERNAME: 'sol', ANSWER: 'EMAIL_OTP' }),
      'InvalidParameterException',
      'ANSWER must be one of SMS_MFA, SOFTWARE_TOKEN_MFA.',
    );
    const chosen = await respondToChallenge(server.cognito, clientId, 'SELECT_MFA_TYPE', select.Session, { USERNAME: 'sol', ANSWER: 'SOFTWARE_TOKEN_MFA' });
    assert.equal(chosen.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.ok((await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', chosen.Session, { USERNAME: 'sol', SOFTWARE_TOKEN_MFA_CODE: totp(secret) })).AuthenticationResult);
    // SELECT_MFA_TYPE is not USER_AUTH's SELECT_CHALLENGE.
    const another = await passwordAuth(server.cognito, clientId, { USERNAME: 'sol', PASSWORD });
    await expectError(selectChallenge(server.cognito, clientId, 'sol', another.Session, 'PASSWORD'), 'NotAuthorizedException');
  });

  it('OFF asks for nothing, and OPTIONAL asks only users who turned a type on', async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL');
    await createUser(server.cognito, poolId, 'olive', { phone_number: '+15555550111' });
    assert.ok(await signIn(server.cognito, clientId, 'olive'), 'a phone number alone asks for nothing under OPTIONAL');
    await totpUser(poolId, clientId, 'otto');
    await configure(poolId, 'OFF');
    assert.ok(await signIn(server.cognito, clientId, 'otto'), 'OFF asks nobody');
  });

  it('ON sends a code to a phone number without opt-in, and has a user with neither set up an authenticator within the sign-in (MFA_SETUP)', async () => {
    const { poolId, clientId } = await mfaPool('ON');
    await createUser(server.cognito, poolId, 'phil', { phone_number: '+15555550199' });
    assert.equal((await passwordAuth(server.cognito, clientId, { USERNAME: 'phil', PASSWORD })).ChallengeName, 'SMS_MFA');

    await createUser(server.cognito, poolId, 'nell');
    const setup = await passwordAuth(server.cognito, clientId, { USERNAME: 'nell', PASSWORD });
    assert.equal(setup.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(JSON.parse(setup.ChallengeParameters!.MFAS_CAN_SETUP!), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
    await expectError(
      respondToChallenge(server.cognito, clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'nell' }),
      'InvalidParameterException',
      /VerifySoftwareToken/,
    );
    await expectError(
      respondToChallenge(server.cognito, clientId, 'MFA_SETUP', setup.Session, { USERNAME: 'nell', EMAIL: 'nell@example.com' }),
      'InvalidParameterException',
      /add the user's email and sign in again/,
    );
    // Those refusals leave the Session to go on with; AssociateSoftwareToken spends it.
    const associated = await server.cognito.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    assert.match(associated.SecretCode!, /^[A-Z2-7]{52}$/);
    assert.ok(associated.Session);
    await expectError(server.cognito.send(new AssociateSoftwareTokenCommand({ Session: setup.Session })), 'NotAuthorizedException');
    await expectError(
      server.cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: '000000' === totp(associated.SecretCode!) ? '111111' : '000000' })),
      'EnableSoftwareTokenMFAException',
    );
    const verified = await server.cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: totp(associated.SecretCode!), FriendlyDeviceName: 'nell-phone' }));
    assert.equal(verified.Status, 'SUCCESS');
    assert.ok(verified.Session);
    const signedIn = await respondToChallenge(server.cognito, clientId, 'MFA_SETUP', verified.Session, { USERNAME: 'nell' });
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    assert.deepEqual(await mfaOf(poolId, 'nell'), { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
    server.clock.advance(STEP_MS);
    const next = await passwordAuth(server.cognito, clientId, { USERNAME: 'nell', PASSWORD });
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.ok((await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', next.Session, { USERNAME: 'nell', SOFTWARE_TOKEN_MFA_CODE: totp(associated.SecretCode!) })).AuthenticationResult);
  });

  it('a type the pool stopped offering is not asked for', async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL');
    await totpUser(poolId, clientId, 'vic');
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: false }, SmsMfaConfiguration: SMS_MFA }),
    );
    assert.ok((await signIn(server.cognito, clientId, 'vic')).AccessToken);
  });

  it('a remembered device stands in for MFA where the pool lets it (ChallengeRequiredOnNewDevice); any other device is asked for MFA, then proven', async () => {
    const pool = await createPool(server.cognito, { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
    await configure(pool.Id!, 'OPTIONAL');
    const poolId = pool.Id!;
    const clientId = (await createClient(server.cognito, poolId)).ClientId!;
    const { secret } = await totpUser(poolId, clientId, 'dora');
    const mfaSignIn = async (parameters: Record<string, string> = {}) => {
      const challenge = await passwordAuth(server.cognito, clientId, { USERNAME: 'dora', PASSWORD, ...parameters });
      assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const answer = await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, {
        USERNAME: 'dora',
        SOFTWARE_TOKEN_MFA_CODE: totp(secret),
        ...parameters,
      });
      server.clock.advance(STEP_MS);
      return answer;
    };
    const tokens = (await mfaSignIn()).AuthenticationResult!;
    const device = new TestDevice(tokens.NewDeviceMetadata!);
    assert.equal((await device.confirm(server.cognito, tokens.AccessToken!)).UserConfirmationNecessary, true);

    // Confirmed but not remembered: MFA first, then the device proves itself.
    const afterMfa = await mfaSignIn({ DEVICE_KEY: device.deviceKey });
    assert.equal(afterMfa.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.ok((await device.prove(server.cognito, clientId, 'dora', afterMfa.Session!, { now: server.clock.now() })).AuthenticationResult);

    // Remembered: the device SRP replaces MFA.
    await server.cognito.send(new UpdateDeviceStatusCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' }));
    const remembered = await passwordAuth(server.cognito, clientId, { USERNAME: 'dora', PASSWORD, DEVICE_KEY: device.deviceKey });
    assert.equal(remembered.ChallengeName, 'DEVICE_SRP_AUTH');
    const proven = await device.prove(server.cognito, clientId, 'dora', remembered.Session!, { now: server.clock.now() });
    assert.equal(claims(proven.AuthenticationResult!.AccessToken!).device_key, device.deviceKey);
    // A wrong device password gets nothing, MFA having been skipped.
    const skipped = await passwordAuth(server.cognito, clientId, { USERNAME: 'dora', PASSWORD, DEVICE_KEY: device.deviceKey });
    await expectError(device.prove(server.cognito, clientId, 'dora', skipped.Session!, { now: server.clock.now(), password: 'guess' }), 'NotAuthorizedException');

    // Where the pool does not let devices stand in for MFA, a remembered device is asked for it too.
    await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true }, MfaConfiguration: 'OPTIONAL' }));
    assert.equal((await passwordAuth(server.cognito, clientId, { USERNAME: 'dora', PASSWORD, DEVICE_KEY: device.deviceKey })).ChallengeName, 'SOFTWARE_TOKEN_MFA');
  });

  it('one-time codes are not offered as a first factor where MFA applies, and a password sign-in there is asked for MFA', async () => {
    const pool = await createPool(server.cognito, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    await configure(pool.Id!, 'OPTIONAL');
    const clientId = (await createClient(server.cognito, pool.Id!)).ClientId!;
    await createUser(server.cognito, pool.Id!, 'plain', { email: 'plain@example.com', email_verified: 'true' });
    const { secret } = await totpUser(pool.Id!, clientId, 'guarded', { email: 'guarded@example.com', email_verified: 'true' });
    const offered = async (username: string) => (await startUserAuth(server.cognito, clientId, { USERNAME: username })).AvailableChallenges;
    assert.deepEqual(await offered('plain'), ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP']);
    assert.deepEqual(await offered('guarded'), ['PASSWORD_SRP', 'PASSWORD']);
    const preferringCode = await startUserAuth(server.cognito, clientId, { USERNAME: 'guarded', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(preferringCode.ChallengeName, 'SELECT_CHALLENGE', 'a preferred factor that is not offered leaves the choice');
    const byPassword = await selectChallengeWith(clientId, 'guarded', preferringCode.Session!, { ANSWER: 'PASSWORD', PASSWORD });
    assert.equal(byPassword.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.ok((await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', byPassword.Session, { USERNAME: 'guarded', SOFTWARE_TOKEN_MFA_CODE: totp(secret) })).AuthenticationResult);
    // Under ON, nobody is offered codes, a name nobody holds included.
    await configure(pool.Id!, 'ON');
    assert.deepEqual(await offered('plain'), ['PASSWORD_SRP', 'PASSWORD']);
    assert.deepEqual(await offered('nobody-here'), ['PASSWORD_SRP', 'PASSWORD']);
  });

  const selectChallengeWith = (clientId: string, username: string, session: string, responses: Record<string, string>) =>
    respondToChallenge(server.cognito, clientId, 'SELECT_CHALLENGE', session, { USERNAME: username, ...responses });

  it('refresh tokens are not asked for MFA', async () => {
    const { poolId, clientId } = await mfaPool('OPTIONAL');
    const { secret } = await totpUser(poolId, clientId, 'rex');
    const challenge = await passwordAuth(server.cognito, clientId, { USERNAME: 'rex', PASSWORD });
    const tokens = (await respondToChallenge(server.cognito, clientId, 'SOFTWARE_TOKEN_MFA', challenge.Session, { USERNAME: 'rex', SOFTWARE_TOKEN_MFA_CODE: totp(secret) }))
      .AuthenticationResult!;
    const refreshed = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    assert.ok(refreshed.AuthenticationResult?.AccessToken);
  });
});
