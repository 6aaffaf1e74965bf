// The device operations through the real SDK: a device confirmed with the access token of the sign-in
// that gave its key, then read, listed page by page, marked remembered and not, and forgotten, by the
// user and by an administrator; Cognito's "Device does not exist." for another user's device, a
// forgotten one and a key no sign-in gave; a deleted user's devices gone with it; and the device SRP
// sign-in of a confirmed device, its device_key claim and the refresh that must name it.
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
import { TestDevice } from '../support/devices.js';
import { PASSWORD, claims, createUser, expectError, passwordAuth, poolWithUser, signIn, signedInUser } from '../support/fixtures.js';

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

  /** A new sign-in of `username` and the device it gives, confirmed with the sign-in's access token. */
  const confirm = async (username = 'alice', DeviceName = 'laptop') => {
    const tokens = await signIn(server.cognito, clientId, username);
    const device = new TestDevice(tokens.NewDeviceMetadata!);
    const answer = await device.confirm(server.cognito, tokens.AccessToken!, DeviceName);
    return { DeviceKey: device.deviceKey, answer, device, tokens };
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
    for (let i = 0; i < 5; i++) keys.add((await confirm('pager', `device ${i}`)).DeviceKey);
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
    // Confirming another user's key takes nothing over.
    await expectError(
      server.cognito.send(new ConfirmDeviceCommand({ AccessToken: token, DeviceKey, DeviceSecretVerifierConfig: { PasswordVerifier: 'eA==', Salt: 'eA==' } })),
      'ResourceNotFoundException',
      NOT_FOUND,
    );
    const device = (await server.cognito.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey }))).Device!;
    assert.equal(attribute(device, 'device_status'), 'not_remembered');
  });

  it('ConfirmDevice takes only the key of its own sign-in, once, with a verifier', async () => {
    const tokens = await signIn(server.cognito, clientId, 'alice');
    const verifier = { PasswordVerifier: 'eA==', Salt: 'eA==' };
    const confirmKey = (DeviceKey: string, config: Partial<typeof verifier> = verifier) =>
      server.cognito.send(new ConfirmDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey, DeviceSecretVerifierConfig: config }));
    await expectError(confirmKey(`${region}_${randomUUID()}`), 'ResourceNotFoundException', NOT_FOUND);
    await expectError(confirmKey(`eu-west-9_${randomUUID()}`), 'ResourceNotFoundException', NOT_FOUND);
    await expectError(confirmKey(tokens.NewDeviceMetadata!.DeviceKey!, { Salt: 'eA==' }), 'InvalidParameterException');
    await confirmKey(tokens.NewDeviceMetadata!.DeviceKey!);
    await expectError(confirmKey(tokens.NewDeviceMetadata!.DeviceKey!), 'ResourceNotFoundException', NOT_FOUND);
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

  it('a sign-in naming its confirmed device proves it by device SRP: tokens with its device_key and no new key; a forgotten device is refused', async () => {
    const { DeviceKey, device, tokens: first } = await confirm();
    assert.equal(claims(first.AccessToken!).device_key, DeviceKey, 'the access token of the sign-in that gave the key carries it');
    const withDevice = () => passwordAuth(server.cognito, clientId, { USERNAME: 'alice', PASSWORD, DEVICE_KEY: DeviceKey });
    const challenge = await withDevice();
    assert.equal(challenge.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.deepEqual(challenge.ChallengeParameters, {});
    const proven = await device.prove(server.cognito, clientId, 'alice', challenge.Session!);
    assert.equal(proven.AuthenticationResult!.NewDeviceMetadata, undefined);
    assert.equal(claims(proven.AuthenticationResult!.AccessToken!).device_key, DeviceKey);
    // The device's last sign-in is noted.
    const described = (await server.cognito.send(new GetDeviceCommand({ AccessToken: accessToken, DeviceKey }))).Device!;
    assert.ok(described.DeviceLastAuthenticatedDate!.getTime() >= described.DeviceCreateDate!.getTime());

    // A wrong device password, and a DEVICE_KEY other than the one named, are refused.
    await expectError(device.prove(server.cognito, clientId, 'alice', (await withDevice()).Session!, { password: 'not the device password' }), 'NotAuthorizedException');
    const other = new TestDevice({ DeviceKey: `${region}_${randomUUID()}`, DeviceGroupKey: device.deviceGroupKey });
    await expectError(other.prove(server.cognito, clientId, 'alice', (await withDevice()).Session!), 'ResourceNotFoundException', NOT_FOUND);

    await server.cognito.send(new ForgetDeviceCommand({ AccessToken: accessToken, DeviceKey }));
    await expectError(withDevice(), 'ResourceNotFoundException', NOT_FOUND);
  });

  it('the refresh token of a sign-in whose device is confirmed needs that DEVICE_KEY, and keeps the device_key claim', async () => {
    const { DeviceKey, tokens } = await confirm();
    const refresh = (parameters: Record<string, string>) =>
      server.cognito.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken!, ...parameters } }),
      );
    await expectError(refresh({}), 'NotAuthorizedException', 'Invalid Refresh Token.');
    await expectError(refresh({ DEVICE_KEY: `${region}_${randomUUID()}` }), 'NotAuthorizedException', 'Invalid Refresh Token.');
    const refreshed = await refresh({ DEVICE_KEY: DeviceKey });
    assert.equal(claims(refreshed.AuthenticationResult!.AccessToken!).device_key, DeviceKey);
    // A sign-in whose new device was never confirmed refreshes without one.
    const unconfirmed = await signIn(server.cognito, clientId, 'alice');
    const plain = await server.cognito.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: unconfirmed.RefreshToken! } }),
    );
    assert.ok(plain.AuthenticationResult!.AccessToken);
  });

  it('an invalid access token is refused', async () => {
    await expectError(server.cognito.send(new ListDevicesCommand({ AccessToken: 'not-a-token' })), 'NotAuthorizedException');
  });

  it("deleting a user removes the user's devices", async () => {
    await createUser(server.cognito, poolId, 'leaver');
    const { DeviceKey } = await confirm('leaver');
    await server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'leaver' }));
    await createUser(server.cognito, poolId, 'leaver');
    await expectError(server.cognito.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'leaver', DeviceKey })), 'ResourceNotFoundException', NOT_FOUND);
    const list = await server.cognito.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'leaver' }));
    assert.deepEqual(list.Devices, []);
  });
});
