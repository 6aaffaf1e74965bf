// Threat protection through the real SDK: risk configurations (SetRiskConfiguration,
// DescribeRiskConfiguration), what they do to sign-ins, sign-ups and password changes in AUDIT and
// ENFORCED mode, and feedback on auth events (AdminUpdateAuthEventFeedback, UpdateAuthEventFeedback,
// the notification's one-click links).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ChangePasswordCommand,
  DescribeRiskConfigurationCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateAuthEventFeedbackCommand,
  type AccountTakeoverActionsType,
  type AdminInitiateAuthCommandOutput,
  type AuthEventType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createClient, createPool, createUser, expectError, PASSWORD, poolWithUser, signIn } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';

const ENFORCED = { UserPoolTier: 'PLUS' as const, UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' as const } };
const AUDIT = { UserPoolTier: 'PLUS' as const, UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' as const } };
const ADMIN_FLOWS = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;
/** Not on any breached list. */
const STRONG = 'Unusual-Horse-Battery-42';
const NOTIFY = { SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/security@example.com', From: 'security@example.com' };
const SECURITY_BLOCK = 'Unable to login because of security reasons.';
/** On the operator's list (--breached-passwords), not the built-in one. */
const OPERATOR_LISTED = 'Leaked-Corporate-2026!';

describe('threat protection', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ breachedPasswords: [OPERATOR_LISTED] });
  });
  after(() => server.dispose());

  /** A pool in `mode` with a client for admin password sign-ins and one user with a password. */
  async function setUp(mode: typeof ENFORCED | typeof AUDIT, password = STRONG) {
    const { poolId, clientId, username } = await poolWithUser(server.cognito, { pool: mode, client: { ExplicitAuthFlows: [...ADMIN_FLOWS] } });
    await createUser(server.cognito, poolId, 'carol', { email: 'carol@example.com', email_verified: 'true', phone_number: '+15555550100' }, password);
    return { poolId, clientId, username, password };
  }

  /** AdminInitiateAuth as a server does for its end user at `ip` with `agent`. */
  const adminSignIn = (poolId: string, clientId: string, username: string, password: string, ip: string, agent = 'Browser/1.0') =>
    server.cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
        ContextData: { IpAddress: ip, ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [{ headerName: 'User-Agent', headerValue: agent }] },
      }),
    );

  const newestEvent = async (poolId: string, username: string): Promise<AuthEventType> =>
    (await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username }))).AuthEvents![0]!;

  const setTakeover = (poolId: string, Actions: AccountTakeoverActionsType, extra: object = {}) =>
    server.cognito.send(
      new SetRiskConfigurationCommand({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { NotifyConfiguration: NOTIFY, Actions }, ...extra }),
    );

  describe('risk configurations', () => {
    it('are refused where threat protection is off', async () => {
      const pool = await createPool(server.cognito, { UserPoolTier: 'PLUS' });
      const message = 'User pool add-ons are not enabled for this user pool.';
      await expectError(server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool.Id })), 'UserPoolAddOnNotEnabledException', message);
      await expectError(
        server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: pool.Id, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } })),
        'UserPoolAddOnNotEnabledException',
        message,
      );
      await expectError(server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: 'us-east-1_Nope' })), 'ResourceNotFoundException');
    });

    it('are set for the pool and for a client, which then has its own; only UserPoolId (and ClientId) goes back to the defaults', async () => {
      const { poolId, clientId } = await setUp(AUDIT);
      assert.deepEqual((await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration, { UserPoolId: poolId });

      const before = server.clock.now();
      const set = await server.cognito.send(
        new SetRiskConfigurationCommand({
          UserPoolId: poolId,
          CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
          RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.0/24'], SkippedIPRangeList: ['2001:db8::/32'] },
        }),
      );
      const expected = {
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'], Actions: { EventAction: 'BLOCK' } },
        RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.0/24'], SkippedIPRangeList: ['2001:db8::/32'] },
      };
      const { LastModifiedDate, ...described } = set.RiskConfiguration!;
      assert.deepEqual(described, expected);
      assert.ok(LastModifiedDate!.getTime() >= before - 1000);
      const pool = (await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration!;
      assert.deepEqual({ ...pool, LastModifiedDate: undefined }, { ...expected, LastModifiedDate: undefined });

      // A client without its own configuration inherits the pool's (answered without ClientId).
      const inherited = (await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration!;
      assert.equal(inherited.ClientId, undefined);
      assert.deepEqual(inherited.RiskExceptionConfiguration, expected.RiskExceptionConfiguration);

      const own = await setTakeover(poolId, { HighAction: { Notify: true, EventAction: 'BLOCK' } }, { ClientId: clientId });
      assert.equal(own.RiskConfiguration!.ClientId, clientId);
      const described2 = (await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration!;
      assert.equal(described2.ClientId, clientId);
      assert.equal(described2.CompromisedCredentialsRiskConfiguration, undefined, "a client's configuration replaces the pool's whole");
      assert.deepEqual(described2.AccountTakeoverRiskConfiguration!.Actions, { HighAction: { Notify: true, EventAction: 'BLOCK' } });

      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }));
      const back = (await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration!;
      assert.equal(back.ClientId, undefined);
      assert.deepEqual(back.RiskExceptionConfiguration, expected.RiskExceptionConfiguration);
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId }));
      assert.deepEqual((await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration, { UserPoolId: poolId });
    });

    it('refuses what Cognito refuses, and changes nothing', async () => {
      const { poolId } = await setUp(AUDIT);
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'] } }));
      const before = (await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration;
      const set = (input: object) => server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ...input }));
      for (const range of ['192.0.2.1', '192.0.2.0/33', 'example.com/8', '2001:db8::/129', '10.0.0.0/8/1']) {
        await expectError(set({ RiskExceptionConfiguration: { BlockedIPRangeList: [range] } }), 'InvalidParameterException', new RegExp(`BlockedIPRangeList contains ${range.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
      }
      await expectError(
        set({ AccountTakeoverRiskConfiguration: { Actions: { LowAction: { Notify: true, EventAction: 'NO_ACTION' } } } }),
        'InvalidParameterException',
        /NotifyConfiguration is required/,
      );
      await expectError(
        set({ AccountTakeoverRiskConfiguration: { NotifyConfiguration: { SourceArn: 'arn:aws:sns:us-east-1:123456789012:topic' }, Actions: {} } }),
        'InvalidParameterException',
        /not an Amazon SES identity ARN/,
      );
      await expectError(
        set({ AccountTakeoverRiskConfiguration: { NotifyConfiguration: { ...NOTIFY, From: 'not-an-address' }, Actions: {} } }),
        'InvalidParameterException',
        'NotifyConfiguration.From is not a valid email address.',
      );
      await expectError(
        set({ AccountTakeoverRiskConfiguration: { NotifyConfiguration: { ...NOTIFY, BlockEmail: { Subject: 'Blocked' } }, Actions: {} } }),
        'InvalidParameterException',
        'NotifyConfiguration.BlockEmail needs an HtmlBody or a TextBody.',
      );
      await expectError(set({ CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'MFA_REQUIRED' } } }), 'InvalidParameterException');
      await expectError(set({ ClientId: 'nosuchclient1234567890abcd', RiskExceptionConfiguration: {} }), 'ResourceNotFoundException');
      assert.deepEqual((await server.cognito.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration, before);
    });
  });

  describe('compromised credentials', () => {
    it('ENFORCED with BLOCK refuses a breached password at sign-in, sign-up and password change; SRP cannot be checked', async () => {
      const { poolId, clientId } = await setUp(ENFORCED, PASSWORD);
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }));
      await expectError(adminSignIn(poolId, clientId, 'carol', PASSWORD, '192.0.2.10'), 'NotAuthorizedException', SECURITY_BLOCK);
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'Block', CompromisedCredentialsDetected: true });

      await expectError(
        server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: 'P@ssw0rd1', UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }] })),
        'InvalidPasswordException',
        /data breach/,
      );
      const signedUp = await server.cognito.send(
        new SignUpCommand({ ClientId: clientId, Username: 'erin', Password: STRONG, UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }] }),
      );
      assert.equal(signedUp.UserConfirmed, false);

      // Only the sign-up event stays open to breached passwords when the filter leaves it out.
      await server.cognito.send(
        new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_UP'], Actions: { EventAction: 'BLOCK' } } }),
      );
      const tokens = await signIn(server.cognito, clientId, 'carol', PASSWORD);
      await expectError(
        server.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: 'P@ssw0rd1', UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }] })),
        'InvalidPasswordException',
      );
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }));
      await expectError(
        server.cognito.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Password123!' })),
        'InvalidPasswordException',
        /data breach/,
      );
      await server.cognito.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: STRONG }));
      await signIn(server.cognito, clientId, 'carol', STRONG);
    });

    it('AUDIT records the detection and lets the sign-in through', async () => {
      const { poolId, clientId } = await setUp(AUDIT, PASSWORD);
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }));
      await signIn(server.cognito, clientId, 'carol', PASSWORD);
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: true });
    });

    it("treats the operator's list of breached passwords as the built-in one", async () => {
      const { poolId, clientId } = await setUp(ENFORCED, OPERATOR_LISTED);
      await signIn(server.cognito, clientId, 'carol', OPERATOR_LISTED);
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: true });
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }));
      await expectError(signIn(server.cognito, clientId, 'carol', OPERATOR_LISTED), 'NotAuthorizedException', SECURITY_BLOCK);
    });
  });

  describe('account takeover', () => {
    it('scores a new address or device Low, both Medium, and acts by the configuration: no action, MFA, block with a notification', async () => {
      const { poolId, clientId } = await setUp(ENFORCED);
      await setTakeover(poolId, {
        LowAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' },
        MediumAction: { Notify: true, EventAction: 'BLOCK' },
        HighAction: { Notify: true, EventAction: 'BLOCK' },
      });
      // The first sign-in has nothing to be compared with.
      await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.10');
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false });
      await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.10');
      assert.equal((await newestEvent(poolId, 'carol')).EventRisk!.RiskLevel, undefined);

      // A new address, known device: Low; MFA_IF_CONFIGURED, but the pool offers no MFA: signed in.
      const low = await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.77');
      assert.ok(low.AuthenticationResult);
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'AccountTakeover', RiskLevel: 'Low', CompromisedCredentialsDetected: false });

      // A new address and a new device: Medium, blocked, and the user is told with links to answer.
      await expectError(adminSignIn(poolId, clientId, 'carol', STRONG, '203.0.113.9', 'Unknown/9.9'), 'NotAuthorizedException', SECURITY_BLOCK);
      const blocked = await newestEvent(poolId, 'carol');
      assert.equal(blocked.EventResponse, 'Fail');
      assert.deepEqual(blocked.EventRisk, { RiskDecision: 'Block', RiskLevel: 'Medium', CompromisedCredentialsDetected: false });
      assert.deepEqual(blocked.EventContextData, { IpAddress: '203.0.113.9', DeviceName: 'Unknown/9.9' });
      const mail = await latestMessage(server, poolId, 'carol');
      assert.equal(mail.destination, 'carol@example.com');
      assert.equal(mail.subject, 'Blocked sign-in attempt');
      assert.match(mail.message, /203\.0\.113\.9/);
      assert.match(mail.message, new RegExp(`event_id=${blocked.EventId}`));

      // MFA_REQUIRED where the user has none to answer: refused after all.
      await setTakeover(poolId, { LowAction: { Notify: false, EventAction: 'MFA_REQUIRED' } });
      await expectError(adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.78'), 'NotAuthorizedException', SECURITY_BLOCK);
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'Block', RiskLevel: 'Low', CompromisedCredentialsDetected: false });
    });

    it('asks for MFA the user can answer where the pool offers it, even under MFA OPTIONAL with nothing turned on', async () => {
      const { poolId, clientId } = await setUp(ENFORCED);
      await server.cognito.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: 'OPTIONAL',
          SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'keypool' } },
        }),
      );
      await setTakeover(poolId, { LowAction: { Notify: false, EventAction: 'MFA_IF_CONFIGURED' } });
      const quiet = await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.10');
      assert.ok(quiet.AuthenticationResult, 'no risk, no MFA: nothing is turned on');
      const risky: AdminInitiateAuthCommandOutput = await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.99');
      assert.equal(risky.ChallengeName, 'SMS_MFA');
      assert.equal(risky.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
      const event = await newestEvent(poolId, 'carol');
      assert.equal(event.EventResponse, 'InProgress');
      assert.deepEqual(event.EventRisk, { RiskDecision: 'AccountTakeover', RiskLevel: 'Low', CompromisedCredentialsDetected: false });
    });

    it('always blocks the BlockedIPRangeList and never assesses the SkippedIPRangeList; AUDIT only records', async () => {
      const { poolId, clientId } = await setUp(ENFORCED);
      await setTakeover(poolId, { LowAction: { Notify: false, EventAction: 'BLOCK' }, MediumAction: { Notify: false, EventAction: 'BLOCK' } }, {
        RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.0/24'], SkippedIPRangeList: ['203.0.113.0/24'] },
      });
      await expectError(adminSignIn(poolId, clientId, 'carol', STRONG, '198.51.100.7'), 'NotAuthorizedException', SECURITY_BLOCK);
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'Block', RiskLevel: 'High', CompromisedCredentialsDetected: false });
      await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.10');
      await adminSignIn(poolId, clientId, 'carol', STRONG, '203.0.113.50', 'Never-seen/1.0');
      assert.deepEqual((await newestEvent(poolId, 'carol')).EventRisk, { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false });

      const audit = await setUp(AUDIT);
      await server.cognito.send(new SetRiskConfigurationCommand({ UserPoolId: audit.poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.0/24'] } }));
      await adminSignIn(audit.poolId, audit.clientId, 'carol', STRONG, '198.51.100.7');
      assert.deepEqual((await newestEvent(audit.poolId, 'carol')).EventRisk, { RiskDecision: 'NoRisk', RiskLevel: 'High', CompromisedCredentialsDetected: false });
    });

    it('takes the end user from UserContextData only for clients that propagate it', async () => {
      const { poolId } = await setUp(AUDIT);
      const flows = { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH' as const, 'ALLOW_REFRESH_TOKEN_AUTH' as const] };
      const signInFrom = (ClientId: string, secret?: string) =>
        server.cognito.send(
          new InitiateAuthCommand({
            ClientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: {
              USERNAME: 'carol',
              PASSWORD: STRONG,
              ...(secret ? { SECRET_HASH: createHmac('sha256', secret).update(`carol${ClientId}`).digest('base64') } : {}),
            },
            UserContextData: { IpAddress: '192.0.2.200' },
          }),
        );
      const plain = (await createClient(server.cognito, poolId, flows)).ClientId!;
      await signInFrom(plain);
      assert.equal((await newestEvent(poolId, 'carol')).EventContextData!.IpAddress, '127.0.0.1');
      const propagating = await createClient(server.cognito, poolId, { ...flows, GenerateSecret: true, EnablePropagateAdditionalUserContextData: true });
      await signInFrom(propagating.ClientId!, propagating.ClientSecret!);
      assert.equal((await newestEvent(poolId, 'carol')).EventContextData!.IpAddress, '192.0.2.200');

      const garbled = { IpAddress: 'not-an-address' };
      await expectError(
        server.cognito.send(new InitiateAuthCommand({ ClientId: plain, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: STRONG }, UserContextData: garbled })),
        'InvalidParameterException',
        'UserContextData.IpAddress is not an IPv4 or IPv6 address.',
      );
      const server2server = (await createClient(server.cognito, poolId, { ExplicitAuthFlows: [...ADMIN_FLOWS] })).ClientId!;
      await expectError(adminSignIn(poolId, server2server, 'carol', STRONG, '999.1.1.1'), 'InvalidParameterException', 'ContextData.IpAddress is not an IPv4 or IPv6 address.');
    });
  });

  describe('feedback', () => {
    it('AdminUpdateAuthEventFeedback: Valid makes the address and device known, Invalid makes them high risk', async () => {
      const { poolId, clientId } = await setUp(ENFORCED);
      await setTakeover(poolId, {
        LowAction: { Notify: false, EventAction: 'NO_ACTION' },
        MediumAction: { Notify: false, EventAction: 'BLOCK' },
        HighAction: { Notify: false, EventAction: 'BLOCK' },
      });
      await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.10');
      await expectError(adminSignIn(poolId, clientId, 'carol', STRONG, '203.0.113.9', 'Travel/1.0'), 'NotAuthorizedException', SECURITY_BLOCK);
      const blocked = await newestEvent(poolId, 'carol');
      await server.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'carol', EventId: blocked.EventId, FeedbackValue: 'Valid' }));
      const after = await newestEvent(poolId, 'carol');
      assert.equal(after.EventFeedback!.FeedbackValue, 'Valid');
      assert.equal(after.EventFeedback!.Provider, 'Admin');
      assert.ok(Math.abs(after.EventFeedback!.FeedbackDate!.getTime() - server.clock.now()) < 1000);
      await adminSignIn(poolId, clientId, 'carol', STRONG, '203.0.113.9', 'Travel/1.0');
      assert.equal((await newestEvent(poolId, 'carol')).EventRisk!.RiskLevel, undefined, 'the address and device are known now');

      const low = await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.66');
      assert.ok(low.AuthenticationResult);
      const lowEvent = await newestEvent(poolId, 'carol');
      assert.equal(lowEvent.EventRisk!.RiskLevel, 'Low');
      await server.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'carol', EventId: lowEvent.EventId, FeedbackValue: 'Invalid' }));
      await expectError(adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.66'), 'NotAuthorizedException', SECURITY_BLOCK);
      assert.equal((await newestEvent(poolId, 'carol')).EventRisk!.RiskLevel, 'High');
    });

    it('refuses feedback on an unknown user or event, another user’s event, or a pool without threat protection', async () => {
      const { poolId, clientId, username } = await setUp(AUDIT);
      await signIn(server.cognito, clientId, username);
      const aliceEvent = await newestEvent(poolId, username);
      const give = (input: { Username: string; EventId: string; UserPoolId?: string }) =>
        server.cognito.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, FeedbackValue: 'Valid', ...input }));
      await expectError(give({ Username: 'nobody', EventId: aliceEvent.EventId! }), 'UserNotFoundException', 'User does not exist.');
      await expectError(give({ Username: 'carol', EventId: aliceEvent.EventId! }), 'ResourceNotFoundException', /does not exist for this user/);
      await expectError(give({ Username: username, EventId: '0000000000000000' }), 'ResourceNotFoundException');
      const plain = await createPool(server.cognito, { UserPoolTier: 'PLUS' });
      await expectError(give({ UserPoolId: plain.Id!, Username: username, EventId: aliceEvent.EventId! }), 'UserPoolAddOnNotEnabledException');
      assert.equal((await newestEvent(poolId, username)).EventFeedback, undefined);
    });

    it('UpdateAuthEventFeedback and the one-click links take the token of the notification, and nothing else', async () => {
      const { poolId, clientId } = await setUp(ENFORCED);
      await setTakeover(poolId, { LowAction: { Notify: true, EventAction: 'NO_ACTION' } });
      await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.10');
      await adminSignIn(poolId, clientId, 'carol', STRONG, '192.0.2.11');
      const event = await newestEvent(poolId, 'carol');
      assert.deepEqual(event.EventRisk, { RiskDecision: 'NoRisk', RiskLevel: 'Low', CompromisedCredentialsDetected: false });
      const mail = await latestMessage(server, poolId, 'carol');
      assert.equal(mail.subject, 'New sign-in attempt');
      const links = [...mail.message.matchAll(/https?:\/\/\S+auth-event-feedback\?\S+/g)].map((m) => new URL(m[0]));
      assert.equal(links.length, 2);
      const token = links[0]!.searchParams.get('token')!;
      const update = (FeedbackToken: string, EventId = event.EventId!) =>
        server.cognito.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'carol', EventId, FeedbackToken, FeedbackValue: 'Invalid' }));

      await expectError(update(`${token.slice(0, -2)}AA`), 'NotAuthorizedException', 'The feedback token is not valid for this event.');
      const earlier = (await server.cognito.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'carol' }))).AuthEvents![1]!;
      await expectError(update(token, earlier.EventId), 'NotAuthorizedException');
      assert.equal((await newestEvent(poolId, 'carol')).EventFeedback, undefined);

      await update(token);
      assert.deepEqual(
        { ...(await newestEvent(poolId, 'carol')).EventFeedback, FeedbackDate: undefined },
        { FeedbackValue: 'Invalid', Provider: 'Cognito', FeedbackDate: undefined },
      );

      // The link marked Valid, followed in a browser, changes the answer.
      const valid = links.find((link) => link.searchParams.get('value') === 'Valid')!;
      const page = await fetch(`${server.url}${valid.pathname}${valid.search}`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /marked as yours/);
      assert.equal((await newestEvent(poolId, 'carol')).EventFeedback!.FeedbackValue, 'Valid');
      const forged = await fetch(`${server.url}${valid.pathname}?${new URLSearchParams({ ...Object.fromEntries(valid.searchParams), token: 'forged' })}`);
      assert.equal(forged.status, 400);
      const outbox = await readOutbox(server, { poolId });
      assert.ok(outbox.body.messages!.every((m) => !m.message.includes(STRONG)), 'no password in any message');
    });
  });
});
