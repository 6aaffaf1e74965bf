// The device operations through the real SDK: a device confirmed with the user's access token, then
// read, listed page by page, marked remembered and not, and forgotten, by the user and by an
// administrator; Cognito's "Device does not exist." for another user's device, a forgotten one and a
// key of another region; and a deleted user's devices gone with it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AdminDeleteUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  InitiateAuthCommand,
  GetDeviceCommand,
  ListDevicesCommand,
  UpdateDeviceStatusCommand,
  type DeviceType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { createUser, expectError, poolWithUser, signIn, signedInUser } from '../support/fixtures.js';

const NOT_FOUND = 'Device does not exist.';
const attribute = (device: DeviceType, name: string) => device.DeviceAttributes?.find((a) => a.Name === name)?.Value;

describe('devices', () => {
  let server: TestServer;
  let poolId: string;
  let clientId: string;
  let accessToken: string;
  let region: string;
  before(async () => {
    server = await startTestServer();
    ({ poolId, clientId, accessToken } = await signedInUser(server.cognito, { pool: { DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } } }));
    region = poolId.slice(0, poolId.indexOf('_'));
  });
  after(() => server.dispose());

  const confirm = async (token = accessToken, DeviceName = 'laptop') => {
    const DeviceKey = `${region}_${randomUUID()}`;
    const answer = await server.cognito.send(
      new ConfirmDeviceCommand({ AccessToken: token, DeviceKey, DeviceName, DeviceSecretVerifierConfig: { PasswordVerifier: 'dmVyaWZpZXI=', Salt: 'c2FsdA==' } }),
    );
    return { DeviceKey, answer };
  };

  it('ConfirmDevice stores a device that GetDevice and AdminGetDevice describe with Cognito attributes', async () => {
    const { DeviceKey, answer } = await confirm();
    assert.equal(answer.UserConfirmationNecessary, true);
    const device = (await server.cognito.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey }))).Device!;
    assert.equal(device.DeviceKey, DeviceKey);
    assert.equal(attribute(device, 'device_status'), 'not_remembered');
    assert.equal(attribute(device, 'device_name'), 'laptop');
    assert.ok(attribute(device, 'last_ip_used'));
    assert.ok(device.DeviceCreateDate instanceof Date && device.DeviceLastModifiedDate instanceof Date && device.DeviceLastAuthenticatedDate instanceof Date);
    const admin = (await server.cognito.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey }))).Device!;
    assert.deepEqual(admin, device);
  });

  it('UpdateDeviceStatus and AdminUpdateDeviceStatus switch the remembered status', async () => {
    const { DeviceKey } = await confirm();
    await server.cognito.send(new UpdateDeviceStatusCommand({ AccessToken: accessToken, DeviceKey, DeviceRememberedStatus: 'remembered' }));
    const get = async () => (await server.cognito.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey }))).Device!;
    assert.equal(attribute(await get(), 'device_status'), 'remembered');
    await server.cognito.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey, DeviceRememberedStatus: 'not_remembered' }));
    assert.equal(attribute(await get(), 'device_status'), 'not_remembered');
  });

  it('ListDevices and AdminListDevices page through every device once', async () => {
    await createUser(server.cognito, poolId, 'pager');
    const token = (await signIn(server.cognito, clientId, 'pager')).AccessToken!;
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) keys.add((await confirm(token, `device ${i}`)).DeviceKey);
    const seen: string[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await server.cognito.send(new ListDevicesCommand({ AccessToken: token, Limit: 2, PaginationToken }));
      assert.ok(page.Devices!.length <= 2);
      seen.push(...page.Devices!.map((d) => d.DeviceKey!));
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);
    assert.deepEqual(new Set(seen), keys);
    assert.equal(seen.length, keys.size);
    const admin = await server.cognito.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'pager' }));
    assert.deepEqual(new Set(admin.Devices!.map((d) => d.DeviceKey)), keys);
    // A page token of one user's list is no token for another's.
    const first = await server.cognito.send(new ListDevicesCommand({ AccessToken: token, Limit: 1 }));
    await expectError(server.cognito.send(new ListDevicesCommand({ AccessToken: accessToken, PaginationToken: first.PaginationToken })), 'InvalidParameterException');
  });

  it('ForgetDevice and AdminForgetDevice remove the device; a second forget answers Device does not exist.', async () => {
    const { DeviceKey } = await confirm();
    await server.cognito.send(new ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey }));
    await expectError(server.cognito.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    await expectError(server.cognito.send(new ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    const other = await confirm();
    await server.cognito.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: other.DeviceKey }));
    await expectError(server.cognito.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'alice', DeviceKey: other.DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
  });

  it("another user's device is not there: reading, updating and forgetting it answer Device does not exist. and change nothing", async () => {
    const { DeviceKey } = await confirm();
    await createUser(server.cognito, poolId, 'mallory');
    const token = (await signIn(server.cognito, clientId, 'mallory')).AccessToken!;
    await expectError(server.cognito.send(new GetDeviceCommand({ AccessToken: token, DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    await expectError(server.cognito.send(new UpdateDeviceStatusCommand({ AccessToken: token, DeviceKey, DeviceRememberedStatus: 'remembered' })), 'ResourceNotFoundException', NOT_FOUND);
    await expectError(server.cognito.send(new ForgetDeviceCommand({ AccessToken: token, DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    await expectError(server.cognito.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'mallory', DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    // Confirming a key already confirmed by another user takes nothing over.
    await expectError(
      server.cognito.send(new ConfirmDeviceCommand({ AccessToken: token, DeviceKey, DeviceSecretVerifierConfig: { PasswordVerifier: 'eA==', Salt: 'eA==' } })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    const device = (await server.cognito.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey }))).Device!;
    assert.equal(attribute(device, 'device_status'), 'not_remembered');
  });

  it('ConfirmDevice refuses a key of another region and a missing verifier', async () => {
    await expectError(
      server.cognito.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: `eu-west-9_${randomUUID()}`, DeviceSecretVerifierConfig: { PasswordVerifier: 'eA==', Salt: 'eA==' } })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    await expectError(
      server.cognito.send(new ConfirmDeviceCommand({ AccessToken: accessToken, DeviceKey: `${region}_${randomUUID()}` })),
      'InvalidParameterException',
    );
  });

  it('a sign-in to a pool that tracks devices returns NewDeviceMetadata; a refresh and a pool without device tracking do not', async () => {
    const tokens = await signIn(server.cognito, clientId, 'alice');
    const metadata = tokens.NewDeviceMetadata!;
    assert.match(metadata.DeviceKey!, new RegExp(`^${region}_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
    assert.match(metadata.DeviceGroupKey!, /^-[A-Za-z0-9]+$/);
    assert.notEqual((await signIn(server.cognito, clientId, 'alice')).NewDeviceMetadata!.DeviceKey, metadata.DeviceKey);
    const refreshed = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    assert.equal(refreshed.AuthenticationResult!.NewDeviceMetadata, undefined);
    const untracked = await poolWithUser(server.cognito);
    assert.equal((await signIn(server.cognito, untracked.clientId, untracked.username)).NewDeviceMetadata, undefined);
  });

  it('with ChallengeRequiredOnNewDevice alone ("Always"), ConfirmDevice remembers the device without asking the user', async () => {
    const always = await signedInUser(server.cognito, { pool: { DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } } });
    const { DeviceKey } = always.tokens.NewDeviceMetadata!;
    const answer = await server.cognito.send(
      new ConfirmDeviceCommand({ AccessToken: always.accessToken, DeviceKey, DeviceSecretVerifierConfig: { PasswordVerifier: 'eA==', Salt: 'eA==' } }),
    );
    assert.equal(answer.UserConfirmationNecessary, false);
    const device = (await server.cognito.send(new GetDeviceCommand({ AccessToken: always.accessToken, DeviceKey }))).Device!;
    assert.equal(attribute(device, 'device_status'), 'remembered');
  });

  it('a sign-in naming its confirmed device by DEVICE_KEY gets no new device key; a forgotten device is refused', async () => {
    const { DeviceKey } = await confirm();
    const withDevice = () =>
      server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!', DEVICE_KEY: DeviceKey } }),
      );
    const known = await withDevice();
    assert.ok(known.AuthenticationResult!.AccessToken);
    assert.equal(known.AuthenticationResult!.NewDeviceMetadata, undefined);
    await server.cognito.send(new ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey }));
    await expectError(withDevice(), 'ResourceNotFoundException', NOT_FOUND);
  });

  it('an invalid access token is refused', async () => {
    await expectError(server.cognito.send(new ListDevicesCommand({ AccessToken: 'not-a-token' })), 'NotAuthorizedException');
  });

  it("deleting a user removes the user's devices", async () => {
    await createUser(server.cognito, poolId, 'leaver');
    const token = (await signIn(server.cognito, clientId, 'leaver')).AccessToken!;
    const { DeviceKey } = await confirm(token);
    await server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'leaver' }));
    await createUser(server.cognito, poolId, 'leaver');
    await expectError(server.cognito.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'leaver', DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    const list = await server.cognito.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'leaver' }));
    assert.deepEqual(list.Devices, []);
  });
});
