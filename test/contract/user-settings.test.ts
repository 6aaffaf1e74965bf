// The legacy MFA settings through the real AWS SDK: SetUserSettings and AdminSetUserSettings turn SMS
// MFA on with MFAOptions and off with an empty list, as GetUser and AdminGetUser then show in
// MFAOptions, UserMFASettingList and PreferredMfaSetting; anything else is refused, changing nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminGetUserCommand,
  AdminSetUserSettingsCommand,
  GetUserCommand,
  SetUserPoolMfaConfigCommand,
  SetUserSettingsCommand,
  type DeliveryMediumType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createUser, expectError, passwordAuth, poolWithClient, signIn } from '../support/fixtures.js';

const SMS_OPTION = { DeliveryMedium: 'SMS' as DeliveryMediumType, AttributeName: 'phone_number' };

describe('user settings', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  async function userWithPhone(username: string, attributes: Record<string, string> = { phone_number: '+15555550150' }) {
    const { poolId, clientId } = await poolWithClient(server.cognito);
    await createUser(server.cognito, poolId, username, attributes);
    return { poolId, clientId, accessToken: (await signIn(server.cognito, clientId, username)).AccessToken! };
  }
  const mfaOf = async (AccessToken: string) => {
    const { MFAOptions, UserMFASettingList, PreferredMfaSetting } = await server.cognito.send(new GetUserCommand({ AccessToken }));
    return { MFAOptions, UserMFASettingList, PreferredMfaSetting };
  };
  const adminMfaOf = async (UserPoolId: string, Username: string) => {
    const { MFAOptions, UserMFASettingList, PreferredMfaSetting } = await server.cognito.send(new AdminGetUserCommand({ UserPoolId, Username }));
    return { MFAOptions, UserMFASettingList, PreferredMfaSetting };
  };
  const OFF = { MFAOptions: undefined, UserMFASettingList: undefined, PreferredMfaSetting: undefined };
  const ON = { MFAOptions: [SMS_OPTION], UserMFASettingList: ['SMS_MFA'], PreferredMfaSetting: 'SMS_MFA' };

  it('SetUserSettings turns SMS MFA on and off, as GetUser and AdminGetUser show', async () => {
    const { poolId, accessToken } = await userWithPhone('sally');
    assert.deepEqual(await mfaOf(accessToken), OFF);
    await server.cognito.send(new SetUserSettingsCommand({ AccessToken: accessToken, MFAOptions: [SMS_OPTION] }));
    assert.deepEqual(await mfaOf(accessToken), ON);
    assert.deepEqual(await adminMfaOf(poolId, 'sally'), ON);
    await server.cognito.send(new SetUserSettingsCommand({ AccessToken: accessToken, MFAOptions: [] }));
    assert.deepEqual(await mfaOf(accessToken), OFF);
  });

  it('refuses any option but SMS to phone_number, and a user without a phone number, changing nothing', async () => {
    const { accessToken } = await userWithPhone('ollie');
    const set = (MFAOptions: { DeliveryMedium: DeliveryMediumType; AttributeName: string }[], AccessToken = accessToken) =>
      server.cognito.send(new SetUserSettingsCommand({ AccessToken, MFAOptions }));
    const unsupported = 'Only SMS MFA to phone_number can be set with MFAOptions.';
    await expectError(set([{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }]), 'InvalidParameterException', unsupported);
    await expectError(set([{ DeliveryMedium: 'SMS', AttributeName: 'email' }]), 'InvalidParameterException', unsupported);
    await expectError(set([SMS_OPTION, { DeliveryMedium: 'EMAIL', AttributeName: 'phone_number' }]), 'InvalidParameterException', unsupported);
    assert.deepEqual(await mfaOf(accessToken), OFF);

    const phoneless = await userWithPhone('pete', { email: 'pete@example.com' });
    await expectError(set([SMS_OPTION], phoneless.accessToken), 'InvalidParameterException', 'User does not have a phone_number set to turn on SMS MFA');
    assert.deepEqual(await mfaOf(phoneless.accessToken), OFF);
    await expectError(set([SMS_OPTION], 'not.a.token'), 'NotAuthorizedException', 'Invalid Access Token');
  });

  it('AdminSetUserSettings does the same for any user; unknown users and pools are refused', async () => {
    const { poolId } = await userWithPhone('adele');
    const set = (Username: string, MFAOptions = [SMS_OPTION], UserPoolId = poolId) =>
      server.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId, Username, MFAOptions }));
    await set('adele');
    assert.deepEqual(await adminMfaOf(poolId, 'adele'), ON);
    await set('adele', []);
    assert.deepEqual(await adminMfaOf(poolId, 'adele'), OFF);
    await expectError(set('ghost'), 'UserNotFoundException', 'User does not exist.');
    await expectError(set('adele', [SMS_OPTION], 'us-east-1_Nope12345'), 'ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.');
  });

  it('a user with SMS MFA on in a pool where MFA is optional is asked for an SMS code', async () => {
    const { poolId, clientId, accessToken } = await userWithPhone('mia');
    await server.cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sms', ExternalId: 'keypool' } },
      }),
    );
    await server.cognito.send(new SetUserSettingsCommand({ AccessToken: accessToken, MFAOptions: [SMS_OPTION] }));
    const challenged = await passwordAuth(server.cognito, clientId, { USERNAME: 'mia', PASSWORD });
    assert.equal(challenged.ChallengeName, 'SMS_MFA');
    assert.equal(challenged.AuthenticationResult, undefined);
    await server.cognito.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'mia', MFAOptions: [] }));
    assert.ok((await signIn(server.cognito, clientId, 'mia')).AccessToken);
  });
});
