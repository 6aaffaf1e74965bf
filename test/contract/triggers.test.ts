// Lambda triggers through the real SDK, each trigger source run both ways keypool runs a function: a
// local module in a worker thread (--trigger), and the AWS Lambda Invoke API of a real local Lambda
// server (--lambda-endpoint, serverless-offline). One function (test/fixtures/triggers/handler.mjs)
// stands behind every trigger: it writes each event it receives where the test reads it, and answers
// by triggerSource as the ClientMetadata of the request steers it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  AdminAddUserToGroupCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolCommand,
  AdminSetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { latestMessage, readOutbox } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SrpTestClient, answerSrp } from '../support/srpClient.js';
import { startLambdaServer, TRIGGER_HANDLER, type LambdaServer } from '../support/lambdaServer.js';
import { PASSWORD, TEMPORARY_PASSWORD, claims, createClient, createPool, createUser, expectError, invitedUser, signIn } from '../support/fixtures.js';
import { TestDevice } from '../support/devices.js';

const SENDER_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const KMS_KEY_ID = 'arn:aws:kms:us-east-1:123456789012:key/keypool-test';

interface Way {
  name: string;
  /** The server's configuration and the ARN its pools name the function by. */
  start(): Promise<{ server: TestServer; arn: string; stop(): Promise<void> }>;
}

const ways: Way[] = [
  {
    name: 'a local module (--trigger)',
    async start() {
      const server = await startTestServer({ triggers: { 'keypool-test-trigger': TRIGGER_HANDLER }, triggerTimeoutMs: 1_000, customSenderKey: Buffer.from(SENDER_KEY, 'hex') });
      return { server, arn: 'arn:aws:lambda:us-east-1:123456789012:function:keypool-test-trigger', stop: () => server.dispose() };
    },
  },
  {
    name: 'the Lambda Invoke API (--lambda-endpoint)',
    async start() {
      const lambda: LambdaServer = await startLambdaServer();
      const server = await startTestServer({ lambdaEndpoint: lambda.endpoint, triggerTimeoutMs: 3_000, customSenderKey: Buffer.from(SENDER_KEY, 'hex') });
      return {
        server,
        arn: lambda.arn,
        stop: async () => {
          await server.dispose();
          await lambda.stop();
        },
      };
    },
  },
];

const eventsDir = mkdtempSync(join(tmpdir(), 'keypool-trigger-events-'));
process.env.KEYPOOL_TRIGGER_EVENTS = eventsDir;
process.env.KEYPOOL_CUSTOM_SENDER_KEY = SENDER_KEY;
process.env.KEYPOOL_TEST_KMS_KEY_ID = KMS_KEY_ID;
after(() => rmSync(eventsDir, { recursive: true, force: true }));

type TriggerEvent = {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: Record<string, any>;
  response: Record<string, any>;
  plainCode?: string;
};

/** The events the pool's function received, oldest first. */
function eventsOf(poolId: string): TriggerEvent[] {
  try {
    return readFileSync(join(eventsDir, `${poolId}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as TriggerEvent);
  } catch {
    return [];
  }
}

const sources = (poolId: string) => eventsOf(poolId).map((e) => e.triggerSource);
const lastEvent = (poolId: string, source: string) => {
  const found = eventsOf(poolId).filter((e) => e.triggerSource === source).at(-1);
  assert.ok(found, `the function received a ${source} event`);
  return found;
};

const ALL: (keyof LambdaConfigType)[] = [
  'PreSignUp', 'PostConfirmation', 'PreAuthentication', 'PostAuthentication', 'PreTokenGeneration', 'UserMigration', 'CustomMessage',
  'DefineAuthChallenge', 'CreateAuthChallenge', 'VerifyAuthChallengeResponse',
];

for (const way of ways) {
  describe(`Lambda triggers run by ${way.name}`, () => {
    let server: TestServer;
    let arn: string;
    let stop: () => Promise<void>;
    before(async () => {
      ({ server, arn, stop } = await way.start());
    });
    after(() => stop());

    /** A pool whose listed triggers (every one unless said) are the test function, and a client for every flow. */
    async function triggeredPool(triggers: (keyof LambdaConfigType)[] = ALL, extra: LambdaConfigType = {}) {
      const LambdaConfig: LambdaConfigType = Object.fromEntries(triggers.map((t) => [t, arn]));
      const pool = await createPool(server.cognito, {
        AutoVerifiedAttributes: ['email'],
        Schema: [{ Name: 'email', AttributeDataType: 'String', Required: false, Mutable: true }],
        LambdaConfig: { ...LambdaConfig, ...extra },
      });
      const client = await createClient(server.cognito, pool.Id!, {
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
      });
      return { poolId: pool.Id!, clientId: client.ClientId! };
    }

    it('PreSignUp confirms and verifies a sign-up, and PostConfirmation hears of it (PreSignUp_SignUp, PostConfirmation_ConfirmSignUp)', async () => {
      const { poolId, clientId } = await triggeredPool();
      const out = await server.cognito.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'ada',
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'email', Value: 'ada@example.com' },
            { Name: 'phone_number', Value: '+15555550123' },
          ],
          ValidationData: [{ Name: 'invite', Value: 'abc' }],
          ClientMetadata: { autoConfirm: 'yes', autoVerify: 'yes' },
        }),
      );
      assert.equal(out.UserConfirmed, true);
      assert.equal(out.CodeDeliveryDetails, undefined);
      const event = lastEvent(poolId, 'PreSignUp_SignUp');
      assert.equal(event.version, '1');
      assert.equal(event.region, 'us-east-1');
      assert.equal(event.userPoolId, poolId);
      assert.equal(event.userName, 'ada');
      assert.equal(event.callerContext.clientId, clientId);
      assert.deepEqual(event.request.userAttributes, { email: 'ada@example.com', phone_number: '+15555550123' });
      assert.deepEqual(event.request.validationData, { invite: 'abc' });
      assert.deepEqual(event.request.clientMetadata, { autoConfirm: 'yes', autoVerify: 'yes' });
      assert.deepEqual(event.response, { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false });
      const user = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ada' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      assert.equal(user.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'true');
      assert.equal(user.UserAttributes!.find((a) => a.Name === 'phone_number_verified')?.Value, 'true');
      const confirmation = lastEvent(poolId, 'PostConfirmation_ConfirmSignUp');
      assert.equal(confirmation.request.userAttributes['cognito:user_status'], 'CONFIRMED');
      assert.equal(confirmation.request.userAttributes.sub, user.UserAttributes!.find((a) => a.Name === 'sub')?.Value);
    });

    it('a sign-up PreSignUp refuses is UserLambdaValidationException, and nobody is created', async () => {
      const { poolId, clientId } = await triggeredPool();
      await expectError(
        server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: PASSWORD, ClientMetadata: { fail: 'PreSignUp' } })),
        'UserLambdaValidationException',
        'PreSignUp failed with error refused by PreSignUp.',
      );
      await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' })), 'UserNotFoundException');
    });

    it('ConfirmSignUp, AdminConfirmSignUp and ConfirmForgotPassword run PostConfirmation; AdminCreateUser runs PreSignUp_AdminCreateUser', async () => {
      const { poolId, clientId } = await triggeredPool();
      await server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'cy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'cy@example.com' }] }));
      const code = (await latestMessage(server, poolId, 'cy')).code!;
      await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'cy', ConfirmationCode: code, ClientMetadata: { step: 'confirm' } }));
      assert.deepEqual(lastEvent(poolId, 'PostConfirmation_ConfirmSignUp').request.clientMetadata, { step: 'confirm' });

      await server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'di', Password: PASSWORD }));
      await server.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'di' }));
      const adminConfirmed = lastEvent(poolId, 'PostConfirmation_ConfirmSignUp');
      assert.equal(adminConfirmed.userName, 'di');
      assert.equal(adminConfirmed.callerContext.clientId, 'CLIENT_ID_NOT_APPLICABLE');

      await server.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'cy' }));
      const reset = (await latestMessage(server, poolId, 'cy')).code!;
      await server.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'cy', ConfirmationCode: reset, Password: 'N3w-Passw0rd!' }));
      assert.equal(lastEvent(poolId, 'PostConfirmation_ConfirmForgotPassword').userName, 'cy');

      await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'eve', MessageAction: 'SUPPRESS', ClientMetadata: { autoVerify: 'yes' }, UserAttributes: [{ Name: 'email', Value: 'eve@example.com' }] }));
      assert.equal(lastEvent(poolId, 'PreSignUp_AdminCreateUser').userName, 'eve');
      const eve = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'eve' }));
      assert.equal(eve.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(eve.UserAttributes!.find((a) => a.Name === 'email_verified')?.Value, 'true');
    });

    it('PreAuthentication may refuse a sign-in; PostAuthentication runs before the tokens, and may refuse them', async () => {
      const { poolId, clientId } = await triggeredPool(['PreAuthentication', 'PostAuthentication']);
      await createUser(server.cognito, poolId, 'fay', { email: 'fay@example.com' });
      const auth = (ClientMetadata: Record<string, string>) =>
        server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'fay', PASSWORD }, ClientMetadata }));
      await expectError(auth({ fail: 'PreAuthentication' }), 'UserLambdaValidationException', 'PreAuthentication failed with error refused by PreAuthentication.');
      assert.deepEqual(lastEvent(poolId, 'PreAuthentication_Authentication').request.validationData, { fail: 'PreAuthentication' });
      await expectError(auth({ fail: 'PostAuthentication' }), 'UserLambdaValidationException', 'PostAuthentication failed with error refused by PostAuthentication.');
      const { AuthenticationResult } = await auth({});
      assert.ok(AuthenticationResult?.AccessToken);
      const post = lastEvent(poolId, 'PostAuthentication_Authentication');
      assert.equal(post.request.newDeviceUsed, false);
      assert.equal(post.request.userAttributes.email, 'fay@example.com');
    });

    it('PreTokenGeneration V1_0 adds and suppresses ID token claims and overrides groups, but cannot change sub', async () => {
      const { poolId, clientId } = await triggeredPool(['PreTokenGeneration']);
      await createUser(server.cognito, poolId, 'gus', { family_name: 'Grey' });
      await server.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }));
      await server.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'gus', GroupName: 'staff' }));
      const tokens = await signIn(server.cognito, clientId, 'gus');
      const id = claims(tokens.IdToken!);
      assert.equal(id.plan, 'gold');
      assert.equal(id.family_name, undefined);
      assert.notEqual(id.sub, 'not-allowed');
      assert.deepEqual(id['cognito:groups'], ['from-trigger']);
      assert.deepEqual(claims(tokens.AccessToken!)['cognito:groups'], ['from-trigger']);
      assert.equal(claims(tokens.AccessToken!).plan, undefined, 'V1_0 changes the ID token only');
      const event = lastEvent(poolId, 'TokenGeneration_Authentication');
      assert.deepEqual(event.request.groupConfiguration, { groupsToOverride: ['staff'], iamRolesToOverride: [], preferredRole: null });

      const refreshed = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
      );
      assert.equal(claims(refreshed.AuthenticationResult!.IdToken!).plan, 'gold');
      assert.ok(sources(poolId).includes('TokenGeneration_RefreshTokens'));
    });

    for (const [LambdaVersion, version] of [['V2_0', '2'], ['V3_0', '3']] as const) {
      it(`PreTokenGeneration ${LambdaVersion} customizes the access token: claims and scopes`, async () => {
        const { poolId, clientId } = await triggeredPool([], { PreTokenGenerationConfig: { LambdaVersion, LambdaArn: arn } });
        await createUser(server.cognito, poolId, 'hal');
        const tokens = await signIn(server.cognito, clientId, 'hal');
        const access = claims(tokens.AccessToken!);
        assert.equal(access.plan, 'gold');
        assert.equal(access.client_id, clientId, 'client_id cannot be changed');
        assert.equal(access.scope, 'aws.cognito.signin.user.admin orders/read');
        assert.deepEqual(claims(tokens.IdToken!).tier, { level: 3 });
        const event = lastEvent(poolId, 'TokenGeneration_Authentication');
        assert.equal(event.version, version);
        assert.deepEqual(event.request.scopes, ['aws.cognito.signin.user.admin']);
      });
    }

    it('PreTokenGeneration hears why the tokens are issued: a new password (NewPasswordChallenge), a remembered device (AuthenticateDevice)', async () => {
      const { poolId, clientId } = await triggeredPool(['PreTokenGeneration']);
      await server.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: { PreTokenGeneration: arn }, DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } }));
      await invitedUser(server.cognito, poolId, 'uma');
      const challenge = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'uma', PASSWORD: TEMPORARY_PASSWORD } }),
      );
      const done = await server.cognito.send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session, ChallengeResponses: { USERNAME: 'uma', NEW_PASSWORD: PASSWORD } }),
      );
      assert.equal(lastEvent(poolId, 'TokenGeneration_NewPasswordChallenge').userName, 'uma');

      const device = new TestDevice(done.AuthenticationResult!.NewDeviceMetadata!);
      await device.confirm(server.cognito, done.AuthenticationResult!.AccessToken!);
      const again = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'uma', PASSWORD, DEVICE_KEY: device.deviceKey } }),
      );
      const proven = await device.prove(server.cognito, clientId, 'uma', again.Session!, { now: server.clock.now() });
      assert.equal(claims(proven.AuthenticationResult!.IdToken!).plan, 'gold');
      assert.equal(lastEvent(poolId, 'TokenGeneration_AuthenticateDevice').userName, 'uma');
    });

    it('CustomMessage words every message: sign-up, resend, reset, invitation, attribute update and verification, sign-in code', async () => {
      const { poolId, clientId } = await triggeredPool(['CustomMessage']);
      await server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ivy', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }] }));
      let message = await latestMessage(server, poolId, 'ivy');
      assert.equal(message.subject, 'Custom CustomMessage_SignUp');
      assert.equal(message.message, `Custom CustomMessage_SignUp: ${message.code}`);
      const signUpEvent = lastEvent(poolId, 'CustomMessage_SignUp');
      assert.equal(signUpEvent.request.codeParameter, '{####}');
      assert.equal(signUpEvent.request.usernameParameter, null);

      await server.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ivy' }));
      assert.match((await latestMessage(server, poolId, 'ivy')).message, /^Custom CustomMessage_ResendCode: \d{6}$/);
      await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ivy', ConfirmationCode: (await latestMessage(server, poolId, 'ivy')).code! }));
      await server.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ivy' }));
      assert.match((await latestMessage(server, poolId, 'ivy')).message, /^Custom CustomMessage_ForgotPassword: \d{6}$/);

      await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'jo', TemporaryPassword: 'Temp0rary!', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'jo@example.com' }] }));
      message = await latestMessage(server, poolId, 'jo');
      assert.equal(message.message, 'Custom CustomMessage_AdminCreateUser for jo: Temp0rary!');
      assert.equal(lastEvent(poolId, 'CustomMessage_AdminCreateUser').request.usernameParameter, '{username}');

      const { AccessToken } = await signIn(server.cognito, clientId, 'ivy');
      await server.cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'ivy@example.org' }] }));
      assert.match((await latestMessage(server, poolId, 'ivy')).message, /^Custom CustomMessage_UpdateUserAttribute: \d{6}$/);
      await server.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
      assert.match((await latestMessage(server, poolId, 'ivy')).message, /^Custom CustomMessage_VerifyUserAttribute: \d{6}$/);

      await server.cognito.send(
        new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Code {####}', Subject: 'Sign-in' } }),
      );
      await createUser(server.cognito, poolId, 'kim', { email: 'kim@example.com', email_verified: 'true' });
      await server.cognito.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'kim', EmailMfaSettings: { Enabled: true, PreferredMfa: true } }));
      const challenge = await server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'kim', PASSWORD } }));
      assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
      assert.match((await latestMessage(server, poolId, 'kim')).message, /^Custom CustomMessage_Authentication: \d{6}$/);
    });

    it('UserMigration brings in a user on sign-in with their password, and on ForgotPassword awaiting a reset', async () => {
      const { poolId, clientId } = await triggeredPool(['UserMigration']);
      const auth = (USERNAME: string, PASSWORD: string) =>
        server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }));
      await expectError(auth('legacy-lou', 'wrong'), 'UserLambdaValidationException', 'UserMigration failed with error Bad password.');
      await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-lou' })), 'UserNotFoundException');
      const { AuthenticationResult } = await auth('legacy-lou', 'Legacy-Passw0rd!');
      assert.equal(claims(AuthenticationResult!.IdToken!).email, 'legacy-lou@example.com');
      const event = lastEvent(poolId, 'UserMigration_Authentication');
      assert.equal(event.userName, 'legacy-lou');
      assert.equal(event.request.password, 'Legacy-Passw0rd!');
      // Migrated once: the next sign-in is keypool's own.
      const before = eventsOf(poolId).length;
      await auth('legacy-lou', 'Legacy-Passw0rd!');
      assert.equal(eventsOf(poolId).length, before);

      const reset = await server.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'legacy-max' }));
      assert.equal(reset.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
      assert.equal(lastEvent(poolId, 'UserMigration_ForgotPassword').request.password, undefined);
      const max = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy-max' }));
      assert.equal(max.UserStatus, 'RESET_REQUIRED');
    });

    it('CUSTOM_AUTH: DefineAuthChallenge, CreateAuthChallenge and VerifyAuthChallengeResponse run the sign-in', async () => {
      const { poolId, clientId } = await triggeredPool();
      await createUser(server.cognito, poolId, 'mo');
      const start = await server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'mo' } }));
      assert.equal(start.ChallengeName, 'CUSTOM_CHALLENGE');
      assert.deepEqual(start.ChallengeParameters, { hint: 'the name of this server', USERNAME: 'mo' });
      const answer = (Session: string | undefined, ANSWER: string) =>
        server.cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME: 'mo', ANSWER } }));
      const wrong = await answer(start.Session, 'cognito');
      assert.equal(wrong.ChallengeName, 'CUSTOM_CHALLENGE');
      const right = await answer(wrong.Session, 'keypool');
      assert.ok(right.AuthenticationResult?.AccessToken);
      const define = lastEvent(poolId, 'DefineAuthChallenge_Authentication');
      assert.deepEqual(define.request.session, [
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'WORD-0' },
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'WORD-1' },
      ]);
      assert.deepEqual(lastEvent(poolId, 'VerifyAuthChallengeResponse_Authentication').request.privateChallengeParameters, { answer: 'keypool' });

      // Three wrong answers: DefineAuthChallenge fails the sign-in.
      let step = await server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'mo' } }));
      step = await answer(step.Session, 'a');
      step = await answer(step.Session, 'b');
      await expectError(answer(step.Session, 'c'), 'NotAuthorizedException', 'Incorrect username or password.');
    });

    it('AdminInitiateAuth CUSTOM_AUTH runs the same functions', async () => {
      const { poolId, clientId } = await triggeredPool();
      await createUser(server.cognito, poolId, 'mia');
      const start = await server.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'mia' } }));
      assert.equal(start.ChallengeName, 'CUSTOM_CHALLENGE');
      const done = await server.cognito.send(
        new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: start.Session, ChallengeResponses: { USERNAME: 'mia', ANSWER: 'keypool' } }),
      );
      assert.ok(done.AuthenticationResult?.AccessToken);
      assert.equal(lastEvent(poolId, 'CreateAuthChallenge_Authentication').request.challengeName, 'CUSTOM_CHALLENGE');
    });

    it('CUSTOM_AUTH in a pool without the functions is refused as Cognito refuses it', async () => {
      const { poolId, clientId } = await triggeredPool([]);
      await createUser(server.cognito, poolId, 'nia');
      await expectError(
        server.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'nia' } })),
        'InvalidParameterException',
        'Custom auth lambda trigger is not configured for the user pool.',
      );
    });

    it('CUSTOM_AUTH with SRP_A proves the password first (PASSWORD_VERIFIER), then the custom challenge', async () => {
      const { poolId, clientId } = await triggeredPool();
      await createUser(server.cognito, poolId, 'ned');
      const srp = new SrpTestClient(poolId);
      const start = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'ned', SRP_A: srp.srpA, CHALLENGE_NAME: 'SRP_A' } }),
      );
      assert.equal(start.ChallengeName, 'PASSWORD_VERIFIER');
      const custom = await answerSrp(server.cognito, clientId, srp.answer(start.ChallengeParameters!, PASSWORD, server.clock.now()), start.Session);
      assert.equal(custom.ChallengeName, 'CUSTOM_CHALLENGE');
      assert.deepEqual(lastEvent(poolId, 'DefineAuthChallenge_Authentication').request.session, [
        { challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null },
        { challengeName: 'PASSWORD_VERIFIER', challengeResult: true, challengeMetadata: null },
      ]);
      const done = await server.cognito.send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: custom.Session, ChallengeResponses: { USERNAME: 'ned', ANSWER: 'keypool' } }),
      );
      assert.ok(done.AuthenticationResult?.IdToken);
    });

    it('CustomEmailSender receives the codes encrypted (AWS Encryption SDK) instead of the outbox: sign-up, resend, reset', async () => {
      const { poolId, clientId } = await triggeredPool([], { CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arn }, KMSKeyID: KMS_KEY_ID });
      await server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ola', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'ola@example.com' }] }));
      const event = lastEvent(poolId, 'CustomEmailSender_SignUp');
      assert.equal(event.request.type, 'customEmailSenderRequestV1');
      assert.match(event.plainCode!, /^\d{6}$/);
      assert.ok(!event.request.code.includes(event.plainCode!));
      await server.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ola' }));
      const resent = lastEvent(poolId, 'CustomEmailSender_ResendCode').plainCode!;
      await server.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ola', ConfirmationCode: resent }));
      assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ola' }))).UserStatus, 'CONFIRMED');
      await server.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ola' }));
      const reset = lastEvent(poolId, 'CustomEmailSender_ForgotPassword').plainCode!;
      await server.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'ola', ConfirmationCode: reset, Password: 'N3w-Passw0rd!' }));
      assert.equal((await readOutbox(server, { poolId })).body.messages?.length, 0);
    });

    it('CustomSMSSender receives the invitation\'s temporary password encrypted', async () => {
      const { poolId } = await triggeredPool([], { CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arn }, KMSKeyID: KMS_KEY_ID });
      await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ora', TemporaryPassword: TEMPORARY_PASSWORD, UserAttributes: [{ Name: 'phone_number', Value: '+15555550100' }] }));
      const event = lastEvent(poolId, 'CustomSMSSender_AdminCreateUser');
      assert.equal(event.request.type, 'customSMSSenderRequestV1');
      assert.equal(event.plainCode, TEMPORARY_PASSWORD);
      assert.equal(event.request.userAttributes.phone_number, '+15555550100');
      assert.equal((await readOutbox(server, { poolId })).body.messages?.length, 0);
    });

    it('answers Cognito errors for a function that times out, answers something else than the event, or does not exist', async () => {
      const { clientId } = await triggeredPool(['PreSignUp']);
      const signUp = (Username: string, ClientMetadata: Record<string, string>) =>
        server.cognito.send(new SignUpCommand({ ClientId: clientId, Username, Password: PASSWORD, ClientMetadata }));
      await expectError(signUp('pat', { sleep: 'PreSignUp' }), 'UnexpectedLambdaException', 'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.');
      await expectError(signUp('quinn', { answer: 'text', answerFor: 'PreSignUp' }), 'InvalidLambdaResponseException', 'Invalid lambda function output : Invalid JSON');
      await expectError(signUp('quinn', { answer: 'nothing', answerFor: 'PreSignUp' }), 'InvalidLambdaResponseException', 'Invalid lambda function output : Invalid JSON');
      // After a timeout the function serves again.
      assert.equal((await signUp('rae', {})).UserConfirmed, false);

      const missing = await createPool(server.cognito, { LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:nobody-here' } });
      const missingClient = await createClient(server.cognito, missing.Id!);
      await expectError(
        server.cognito.send(new SignUpCommand({ ClientId: missingClient.ClientId!, Username: 'sam', Password: PASSWORD })),
        'UnexpectedLambdaException',
        /^PreSignUp invocation failed due to error \w+\.$/,
      );
    });

    it("the sign-in's auth event shows which triggers ran and how long each took", async () => {
      const { poolId, clientId } = await triggeredPool(['PreAuthentication', 'PostAuthentication', 'PreTokenGeneration']);
      await createUser(server.cognito, poolId, 'tia');
      await signIn(server.cognito, clientId, 'tia');
      const response = await fetch(`${server.url}/_keypool/api/events?poolId=${poolId}`);
      const { events } = (await response.json()) as { events: { triggers?: { trigger: string; source: string; ms: number; outcome: string }[] }[] };
      const ran = events[0]!.triggers!;
      assert.deepEqual(ran.map((r) => r.trigger), ['PreAuthentication', 'PostAuthentication', 'PreTokenGeneration']);
      assert.ok(ran.every((r) => r.outcome === 'ok' && r.ms >= 0));
    });
  });
}

describe('Lambda triggers behind an endpoint nobody serves', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ lambdaEndpoint: 'http://127.0.0.1:9' });
  });
  after(() => server.dispose());

  it('answers UnexpectedLambdaException naming why, and creates nobody', async () => {
    const pool = await createPool(server.cognito, { LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up' } });
    const client = await createClient(server.cognito, pool.Id!);
    await expectError(
      server.cognito.send(new SignUpCommand({ ClientId: client.ClientId!, Username: 'uli', Password: PASSWORD })),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error ECONNREFUSED.',
    );
    await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id!, Username: 'uli' })), 'UserNotFoundException');
  });
});
