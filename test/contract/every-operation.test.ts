// Every operation in Cognito's model answers, and answers valid input with a result. Each operation is
// called once, over raw AWS JSON, on a fixture of its own (some delete what they are given): a
// passkey pool with a public and a secret app client and a signed-in user, plus whatever the
// operation acts on (a group, a device, a pending sign-up, ...), made first through other operations.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { Secret, TOTP } from 'otpauth';
import { IMPORT_LEASE_MS } from '../../src/imports/runner.js';
import { operationDefs } from '../../src/protocol/model.js';
import type { OperationName } from '../../src/protocol/shapes.generated.js';
import { createLiveIds, plausibleInput, type LiveIds } from '../hardening/support/plausible.js';
import { callJson, postRaw, runConcurrently, type RawAnswer } from '../hardening/support/raw.js';
import { TestDevice } from '../support/devices.js';
import { PASSWORD } from '../support/fixtures.js';
import { latestMessage } from '../support/outbox.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { SoftAuthenticator } from '../support/softAuthenticator.js';
import { ORIGIN } from '../support/userAuth.js';

type Input = Record<string, unknown>;

/** One operation's fixture: the live ids, and calls to make what the operation needs. */
class Fixture {
  constructor(
    readonly server: TestServer,
    readonly ids: LiveIds,
    readonly tag: string,
  ) {}

  call<T = Input>(operation: OperationName, input: Input): Promise<T> {
    return callJson<T>(this.server.url, operation, input);
  }

  get pool() {
    return { UserPoolId: this.ids.poolId };
  }

  get user() {
    return { UserPoolId: this.ids.poolId, Username: this.ids.username };
  }

  async group(): Promise<string> {
    await this.call('CreateGroup', { ...this.pool, GroupName: 'crew' });
    return 'crew';
  }

  async memberOfGroup(): Promise<Input> {
    const GroupName = await this.group();
    await this.call('AdminAddUserToGroup', { ...this.user, GroupName });
    return { ...this.user, GroupName };
  }

  /** A sign-up waiting for its emailed code, in a pool of its own that verifies email addresses. */
  async pendingSignUp(): Promise<{ UserPoolId: string; ClientId: string; Username: string }> {
    const { UserPool } = await this.call<{ UserPool: { Id: string } }>('CreateUserPool', { PoolName: 'sign-ups', AutoVerifiedAttributes: ['email'] });
    const { UserPoolClient } = await this.call<{ UserPoolClient: { ClientId: string } }>('CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'app' });
    const Username = `newcomer-${this.tag}`;
    await this.call('SignUp', { ClientId: UserPoolClient.ClientId, Username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] });
    return { UserPoolId: UserPool.Id, ClientId: UserPoolClient.ClientId, Username };
  }

  async code(username = this.ids.username, poolId = this.ids.poolId): Promise<string> {
    return (await latestMessage(this.server, poolId, username)).code!;
  }

  async poolArn(): Promise<string> {
    const { UserPool } = await this.call<{ UserPool: { Arn: string } }>('DescribeUserPool', this.pool);
    return UserPool.Arn;
  }

  async tagged(): Promise<string> {
    const ResourceArn = await this.poolArn();
    await this.call('TagResource', { ResourceArn, Tags: { team: 'identity' } });
    return ResourceArn;
  }

  /** A device the pool remembers, from a password sign-in once the pool tracks devices; not yet confirmed. */
  async newDevice(): Promise<{ device: TestDevice; accessToken: string }> {
    await this.call('UpdateUserPool', {
      ...this.pool,
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    });
    const { AuthenticationResult } = await this.call<{ AuthenticationResult: { AccessToken: string; NewDeviceMetadata: never } }>('InitiateAuth', this.passwordSignIn());
    return { device: new TestDevice(AuthenticationResult.NewDeviceMetadata), accessToken: AuthenticationResult.AccessToken };
  }

  async confirmedDevice(): Promise<{ DeviceKey: string; AccessToken: string }> {
    const { device, accessToken } = await this.newDevice();
    await this.call('ConfirmDevice', { AccessToken: accessToken, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: device.verifierConfig() });
    return { DeviceKey: device.deviceKey, AccessToken: accessToken };
  }

  passwordSignIn(): Input {
    return { ClientId: this.ids.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: this.ids.username, PASSWORD } };
  }

  passwordAnswer(): Input {
    return { USERNAME: this.ids.username, ANSWER: 'PASSWORD', PASSWORD };
  }

  async resourceServer(): Promise<string> {
    await this.call('CreateResourceServer', { ...this.pool, Identifier: 'https://api.example.com', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] });
    return 'https://api.example.com';
  }

  /** A Google identity provider with an identifier, and its provider user linked to the signed-in user. */
  async identityProvider(): Promise<string> {
    await this.call('CreateIdentityProvider', {
      ...this.pool,
      ProviderName: 'Google',
      ProviderType: 'Google',
      ProviderDetails: GOOGLE_DETAILS,
      IdpIdentifiers: ['example.com'],
    });
    return 'Google';
  }

  async linkedProviderUser(): Promise<Input> {
    const ProviderName = await this.identityProvider();
    const SourceUser = { ProviderName, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234567890' };
    await this.call('AdminLinkProviderForUser', { ...this.pool, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: this.ids.username }, SourceUser });
    return SourceUser;
  }

  async branding(): Promise<string> {
    const { ManagedLoginBranding } = await this.call<{ ManagedLoginBranding: { ManagedLoginBrandingId: string } }>('CreateManagedLoginBranding', {
      ...this.pool,
      ClientId: this.ids.clientId,
      UseCognitoProvidedValues: true,
    });
    return ManagedLoginBranding.ManagedLoginBrandingId;
  }

  async terms(): Promise<string> {
    const { Terms } = await this.call<{ Terms: { TermsId: string } }>('CreateTerms', {
      ...this.pool,
      ClientId: this.ids.clientId,
      TermsName: 'terms-of-use',
      TermsSource: 'LINK',
      Enforcement: 'NONE',
      Links: { 'cognito:default': 'https://example.com/terms' },
    });
    return Terms.TermsId;
  }

  async domain(): Promise<string> {
    const Domain = `walk-${this.tag}`;
    await this.call('CreateUserPoolDomain', { ...this.pool, Domain });
    return Domain;
  }

  /** A user import job, Created, in a pool that verifies email addresses (which importing needs). */
  async importJob(): Promise<{ UserPoolId: string; JobId: string; PreSignedUrl: string }> {
    const { UserPool } = await this.call<{ UserPool: { Id: string } }>('CreateUserPool', { PoolName: 'imports', AutoVerifiedAttributes: ['email'] });
    const { UserImportJob } = await this.call<{ UserImportJob: { JobId: string; PreSignedUrl: string } }>('CreateUserImportJob', {
      UserPoolId: UserPool.Id,
      JobName: 'migration',
      CloudWatchLogsRoleArn: IMPORT_ROLE,
    });
    return { UserPoolId: UserPool.Id, ...UserImportJob };
  }

  /** An import job with one user uploaded, ready to start. */
  async uploadedImportJob(): Promise<{ UserPoolId: string; JobId: string }> {
    const { UserPoolId, JobId, PreSignedUrl } = await this.importJob();
    const { CSVHeader } = await this.call<{ CSVHeader: string[] }>('GetCSVHeader', { UserPoolId });
    const row: Record<string, string> = { 'cognito:username': 'imported', email: 'imported@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' };
    const csv = `${CSVHeader.join(',')}\r\n${CSVHeader.map((column) => row[column] ?? '').join(',')}\r\n`;
    const put = await fetch(PreSignedUrl, { method: 'PUT', body: csv });
    if (put.status !== 200) throw new Error(`the CSV upload answered ${put.status}`);
    return { UserPoolId, JobId };
  }

  /** An import job a node started and holds (Pending, its lease taken), as StopUserImportJob finds a running one. */
  async runningImportJob(): Promise<{ UserPoolId: string; JobId: string }> {
    const job = await this.uploadedImportJob();
    const now = this.server.clock.now();
    const jobs = this.server.keypool.app.store.importJobs;
    await jobs.transition(job.UserPoolId, job.JobId, ['Created'], 'Pending', { startedAt: now, nextChunk: 1 });
    await jobs.claim(job.UserPoolId, job.JobId, now, now + IMPORT_LEASE_MS);
    return job;
  }

  async replica(): Promise<Input> {
    await this.call('CreateUserPoolReplica', { ...this.pool, RegionName: REPLICA_REGION });
    return { ...this.pool, RegionName: REPLICA_REGION };
  }

  /** A pool with threat protection on (which needs the Plus feature plan), and a user in it. */
  async protectedPool(): Promise<Input> {
    const { UserPool } = await this.call<{ UserPool: { Id: string } }>('CreateUserPool', {
      PoolName: 'protected',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
    });
    await this.call('AdminCreateUser', { UserPoolId: UserPool.Id, Username: 'watched', MessageAction: 'SUPPRESS' });
    return { UserPoolId: UserPool.Id, Username: 'watched' };
  }

  /** A sign-in threat protection found risky, and the feedback token its notification carried. */
  async riskyEvent(): Promise<{ UserPoolId: string; Username: string; EventId: string; FeedbackToken: string }> {
    const { UserPool } = await this.call<{ UserPool: { Id: string } }>('CreateUserPool', {
      PoolName: 'enforced',
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
    const UserPoolId = UserPool.Id;
    const { UserPoolClient } = await this.call<{ UserPoolClient: { ClientId: string } }>('CreateUserPoolClient', {
      UserPoolId,
      ClientName: 'server',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    await this.call('SetRiskConfiguration', {
      UserPoolId,
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com' },
        Actions: { LowAction: { Notify: true, EventAction: 'NO_ACTION' } },
      },
    });
    const Username = 'traveller';
    await this.call('AdminCreateUser', { UserPoolId, Username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'traveller@example.com' }] });
    await this.call('AdminSetUserPassword', { UserPoolId, Username, Password: NEW_PASSWORD, Permanent: true });
    for (const IpAddress of ['192.0.2.1', '192.0.2.2']) {
      await this.call('AdminInitiateAuth', {
        UserPoolId,
        ClientId: UserPoolClient.ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD: NEW_PASSWORD },
        ContextData: { IpAddress, ServerName: 'app.example.com', ServerPath: '/', HttpHeaders: [] },
      });
    }
    const link = new URL(/\S+auth-event-feedback\?\S+/.exec((await latestMessage(this.server, UserPoolId, Username)).message)![0]);
    return { UserPoolId, Username, EventId: link.searchParams.get('event_id')!, FeedbackToken: link.searchParams.get('token')! };
  }
}

const NEW_PASSWORD = 'N3w-Passw0rd!';
const IMPORT_ROLE = 'arn:aws:iam::123456789012:role/CognitoImport';
const REPLICA_REGION = 'eu-west-1';
const API_CATEGORY = { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserRead' } };

/** Valid input for each operation that the generic plausible input (live ids, shape defaults) does not satisfy. */
const GOOGLE_DETAILS = { client_id: 'client.apps.googleusercontent.com', client_secret: 'secret', authorize_scopes: 'openid email' };

const VALID: Partial<Record<OperationName, (f: Fixture) => Promise<Input> | Input>> = {
  AddCustomAttributes: (f) => ({ ...f.pool, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String' }] }),
  AddUserPoolClientSecret: (f) => ({ ...f.pool, ClientId: f.ids.secretClientId }),
  AdminAddUserToGroup: async (f) => ({ ...f.user, GroupName: await f.group() }),
  AdminConfirmSignUp: async (f) => {
    const { UserPoolId, Username } = await f.pendingSignUp();
    return { UserPoolId, Username };
  },
  AdminCreateUser: (f) => ({ ...f.pool, Username: 'invited', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' }),
  AdminDeleteUserAttributes: (f) => ({ ...f.user, UserAttributeNames: ['email'] }),
  AdminDisableProviderForUser: async (f) => ({ ...f.pool, User: await f.linkedProviderUser() }),
  AdminForgetDevice: async (f) => ({ ...f.user, DeviceKey: (await f.confirmedDevice()).DeviceKey }),
  AdminGetDevice: async (f) => ({ ...f.user, DeviceKey: (await f.confirmedDevice()).DeviceKey }),
  AdminInitiateAuth: (f) => ({ ...f.pool, ClientId: f.ids.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: f.ids.username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD } }),
  AdminLinkProviderForUser: async (f) => ({
    ...f.pool,
    DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: f.ids.username },
    SourceUser: { ProviderName: await f.identityProvider(), ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1234567890' },
  }),
  AdminListDevices: (f) => f.user,
  AdminListGroupsForUser: (f) => f.user,
  AdminListUserAuthEvents: (f) => f.protectedPool(),
  AdminUpdateAuthEventFeedback: async (f) => {
    const { FeedbackToken, ...event } = await f.riskyEvent();
    void FeedbackToken;
    return { ...event, FeedbackValue: 'Valid' };
  },
  AdminRemoveUserFromGroup: (f) => f.memberOfGroup(),
  AdminRespondToAuthChallenge: async (f) => {
    const { Session } = await f.call<{ Session: string }>('AdminInitiateAuth', { ...f.pool, ClientId: f.ids.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: f.ids.username } });
    return { ...f.pool, ClientId: f.ids.clientId, ChallengeName: 'SELECT_CHALLENGE', Session, ChallengeResponses: f.passwordAnswer() };
  },
  AdminSetUserPassword: (f) => ({ ...f.user, Password: NEW_PASSWORD, Permanent: true }),
  AdminUpdateDeviceStatus: async (f) => ({ ...f.user, DeviceKey: (await f.confirmedDevice()).DeviceKey, DeviceRememberedStatus: 'not_remembered' }),
  AssociateSoftwareToken: (f) => ({ AccessToken: f.ids.accessToken }),
  ChangePassword: (f) => ({ AccessToken: f.ids.accessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW_PASSWORD }),
  CompleteWebAuthnRegistration: async (f) => {
    const { CredentialCreationOptions } = await f.call<{ CredentialCreationOptions: PublicKeyCredentialCreationOptionsJSON }>('StartWebAuthnRegistration', { AccessToken: f.ids.accessToken });
    return { AccessToken: f.ids.accessToken, Credential: new SoftAuthenticator().create(ORIGIN, CredentialCreationOptions) };
  },
  ConfirmDevice: async (f) => {
    const { device, accessToken } = await f.newDevice();
    return { AccessToken: accessToken, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: device.verifierConfig(), DeviceName: 'laptop' };
  },
  ConfirmForgotPassword: async (f) => {
    await f.call('ForgotPassword', { ClientId: f.ids.clientId, Username: f.ids.username });
    return { ClientId: f.ids.clientId, Username: f.ids.username, ConfirmationCode: await f.code(), Password: NEW_PASSWORD };
  },
  ConfirmSignUp: async (f) => {
    const { UserPoolId, ClientId, Username } = await f.pendingSignUp();
    return { ClientId, Username, ConfirmationCode: await f.code(Username, UserPoolId) };
  },
  CreateGroup: (f) => ({ ...f.pool, GroupName: 'crew', Description: 'The crew', Precedence: 1 }),
  CreateIdentityProvider: (f) => ({ ...f.pool, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE_DETAILS, AttributeMapping: { email: 'email' } }),
  CreateManagedLoginBranding: (f) => ({ ...f.pool, ClientId: f.ids.clientId, UseCognitoProvidedValues: true }),
  CreateTerms: (f) => ({ ...f.pool, ClientId: f.ids.clientId, TermsName: 'terms-of-use', TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://example.com/terms' } }),
  CreateUserImportJob: (f) => ({ ...f.pool, JobName: 'migration', CloudWatchLogsRoleArn: IMPORT_ROLE }),
  CreateUserPool: () => ({ PoolName: 'walked' }),
  CreateUserPoolDomain: (f) => ({ ...f.pool, Domain: `walk-${f.tag}` }),
  CreateUserPoolReplica: (f) => ({ ...f.pool, RegionName: REPLICA_REGION }),
  DeleteGroup: async (f) => ({ ...f.pool, GroupName: await f.group() }),
  DeleteIdentityProvider: async (f) => ({ ...f.pool, ProviderName: await f.identityProvider() }),
  DeleteManagedLoginBranding: async (f) => ({ ...f.pool, ManagedLoginBrandingId: await f.branding() }),
  DeleteResourceServer: async (f) => ({ ...f.pool, Identifier: await f.resourceServer() }),
  DeleteTerms: async (f) => ({ ...f.pool, TermsId: await f.terms() }),
  DeleteUserPoolClientSecret: async (f) => {
    const { ClientSecretDescriptor } = await f.call<{ ClientSecretDescriptor: { ClientSecretId: string } }>('AddUserPoolClientSecret', { ...f.pool, ClientId: f.ids.secretClientId });
    return { ...f.pool, ClientId: f.ids.secretClientId, ClientSecretId: ClientSecretDescriptor.ClientSecretId };
  },
  DeleteUserPoolDomain: async (f) => ({ ...f.pool, Domain: await f.domain() }),
  DeleteUserPoolReplica: async (f) => {
    const replica = await f.replica();
    await f.call('UpdateUserPoolReplica', { ...replica, Status: 'INACTIVE' });
    return replica;
  },
  DescribeIdentityProvider: async (f) => ({ ...f.pool, ProviderName: await f.identityProvider() }),
  DescribeManagedLoginBranding: async (f) => ({ ...f.pool, ManagedLoginBrandingId: await f.branding() }),
  DescribeManagedLoginBrandingByClient: async (f) => {
    await f.branding();
    return { ...f.pool, ClientId: f.ids.clientId };
  },
  DescribeResourceServer: async (f) => ({ ...f.pool, Identifier: await f.resourceServer() }),
  DescribeRiskConfiguration: async (f) => ({ UserPoolId: (await f.protectedPool()).UserPoolId }),
  DescribeTerms: async (f) => ({ ...f.pool, TermsId: await f.terms() }),
  DescribeUserImportJob: async (f) => {
    const { UserPoolId, JobId } = await f.importJob();
    return { UserPoolId, JobId };
  },
  ForgetDevice: async (f) => {
    const { DeviceKey, AccessToken } = await f.confirmedDevice();
    return { AccessToken, DeviceKey };
  },
  GetDevice: async (f) => {
    const { DeviceKey, AccessToken } = await f.confirmedDevice();
    return { AccessToken, DeviceKey };
  },
  GetGroup: async (f) => ({ ...f.pool, GroupName: await f.group() }),
  GetIdentityProviderByIdentifier: async (f) => {
    await f.identityProvider();
    return { ...f.pool, IdpIdentifier: 'example.com' };
  },
  GetProvisionedLimit: () => ({ LimitDefinition: API_CATEGORY }),
  GetTokensFromRefreshToken: (f) => ({ ClientId: f.ids.clientId, RefreshToken: f.ids.refreshToken }),
  GetUserAttributeVerificationCode: (f) => ({ AccessToken: f.ids.accessToken, AttributeName: 'email' }),
  InitiateAuth: (f) => f.passwordSignIn(),
  ListDevices: (f) => ({ AccessToken: f.ids.accessToken }),
  ListGroups: (f) => f.pool,
  ListIdentityProviders: async (f) => {
    await f.identityProvider();
    return { ...f.pool, MaxResults: 10 };
  },
  ListResourceServers: (f) => ({ ...f.pool, MaxResults: 10 }),
  ListTagsForResource: async (f) => ({ ResourceArn: await f.tagged() }),
  ListTerms: (f) => f.pool,
  ListUserImportJobs: (f) => ({ ...f.pool, MaxResults: 10 }),
  ListUserPoolClients: (f) => f.pool,
  ListUserPoolReplicas: (f) => f.pool,
  ListUserPools: () => ({ MaxResults: 10 }),
  ListUsers: (f) => ({ ...f.pool, Filter: `username = "${f.ids.username}"` }),
  ListUsersInGroup: (f) => f.memberOfGroup().then(({ GroupName }) => ({ ...f.pool, GroupName })),
  ListWebAuthnCredentials: (f) => ({ AccessToken: f.ids.accessToken }),
  ResendConfirmationCode: async (f) => {
    const { ClientId, Username } = await f.pendingSignUp();
    return { ClientId, Username };
  },
  RespondToAuthChallenge: async (f) => {
    const { Session } = await f.call<{ Session: string }>('InitiateAuth', { ClientId: f.ids.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: f.ids.username } });
    return { ClientId: f.ids.clientId, ChallengeName: 'SELECT_CHALLENGE', Session, ChallengeResponses: f.passwordAnswer() };
  },
  SetLogDeliveryConfiguration: (f) => ({
    ...f.pool,
    LogConfigurations: [{ LogLevel: 'ERROR', EventSource: 'userNotification', CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:cognito-errors' } }],
  }),
  SetRiskConfiguration: async (f) => ({
    UserPoolId: (await f.protectedPool()).UserPoolId,
    CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
  }),
  SignUp: (f) => ({ ClientId: f.ids.clientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }] }),
  StartUserImportJob: (f) => f.uploadedImportJob(),
  StopUserImportJob: (f) => f.runningImportJob(),
  TagResource: async (f) => ({ ResourceArn: await f.poolArn(), Tags: { team: 'identity' } }),
  UntagResource: async (f) => ({ ResourceArn: await f.tagged(), TagKeys: ['team'] }),
  UpdateAuthEventFeedback: async (f) => ({ ...(await f.riskyEvent()), FeedbackValue: 'Invalid' }),
  UpdateDeviceStatus: async (f) => {
    const { DeviceKey, AccessToken } = await f.confirmedDevice();
    return { AccessToken, DeviceKey, DeviceRememberedStatus: 'not_remembered' };
  },
  UpdateGroup: async (f) => ({ ...f.pool, GroupName: await f.group(), Description: 'Renamed crew' }),
  UpdateIdentityProvider: async (f) => ({ ...f.pool, ProviderName: await f.identityProvider(), AttributeMapping: { name: 'name' } }),
  UpdateManagedLoginBranding: async (f) => ({ ...f.pool, ManagedLoginBrandingId: await f.branding(), UseCognitoProvidedValues: true }),
  UpdateProvisionedLimit: () => ({ LimitDefinition: API_CATEGORY, RequestedLimitValue: 200 }),
  UpdateResourceServer: async (f) => ({ ...f.pool, Identifier: await f.resourceServer(), Name: 'api v2' }),
  UpdateTerms: async (f) => ({ ...f.pool, TermsId: await f.terms(), Enforcement: 'NONE' }),
  UpdateUserPool: (f) => ({ ...f.pool, MfaConfiguration: 'OFF' }),
  UpdateUserPoolDomain: async (f) => ({ ...f.pool, Domain: await f.domain(), ManagedLoginVersion: 2 }),
  UpdateUserPoolReplica: async (f) => ({ ...(await f.replica()), Status: 'INACTIVE' }),
  VerifySoftwareToken: async (f) => {
    const { SecretCode } = await f.call<{ SecretCode: string }>('AssociateSoftwareToken', { AccessToken: f.ids.accessToken });
    const totp = new TOTP({ secret: Secret.fromBase32(SecretCode), digits: 6, period: 30 });
    return { AccessToken: f.ids.accessToken, UserCode: totp.generate({ timestamp: f.server.clock.now() }), FriendlyDeviceName: 'phone' };
  },
  VerifyUserAttribute: async (f) => {
    await f.call('GetUserAttributeVerificationCode', { AccessToken: f.ids.accessToken, AttributeName: 'email' });
    return { AccessToken: f.ids.accessToken, AttributeName: 'email', Code: await f.code() };
  },
};

describe('every operation of the model', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  it('answers valid input with a result, none of them UnknownOperationException', async () => {
    const names = Object.keys(operationDefs).sort() as OperationName[];
    assert.equal(names.length, 129);
    const answers = new Map<OperationName, RawAnswer | Error>();
    await runConcurrently(names, 4, async (name, index) => {
      try {
        const fixture = new Fixture(server, await createLiveIds(server, `walker${index}`), String(index));
        const input = VALID[name] ? await VALID[name](fixture) : plausibleInput(name, fixture.ids);
        answers.set(name, await postRaw(server.url, name, JSON.stringify(input)));
      } catch (error) {
        answers.set(name, error as Error);
      }
    });

    const failed = names.flatMap((name) => {
      const answer = answers.get(name)!;
      if (answer instanceof Error) return [`${name}: setting up failed: ${answer.message}`];
      return answer.status === 200 ? [] : [`${name}: ${answer.status} ${answer.errorType} ${answer.body.slice(0, 300)}`];
    });
    assert.deepEqual(failed, [], `operations that did not answer valid input with a result:\n${failed.join('\n')}`);
  });
});
