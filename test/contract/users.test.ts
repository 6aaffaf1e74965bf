// Administrators' user operations through the real AWS SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../support/server.js';
import { PASSWORD, createClient, createPool, createUser, expectError, signIn, signedInUser } from '../support/fixtures.js';
import { latestMessage, readOutbox } from '../support/outbox.js';

const attr = (list: { Name?: string; Value?: string }[] | undefined, name: string) => list?.find((a) => a.Name === name)?.Value;

describe('user administration', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.dispose());

  describe('AdminCreateUser', () => {
    it('creates a FORCE_CHANGE_PASSWORD user with a sub and emails the invitation', async () => {
      const pool = await createPool(server.cognito);
      const { User } = await server.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.Id,
          Username: 'bob',
          TemporaryPassword: 'Temp0rary!',
          DesiredDeliveryMediums: ['EMAIL'],
          UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
        }),
      );
      assert.equal(User!.Username, 'bob');
      assert.equal(User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(User!.Enabled, true);
      assert.match(attr(User!.Attributes, 'sub') ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(attr(User!.Attributes, 'email'), 'bob@example.com');
      assert.ok(User!.UserCreateDate instanceof Date);
      const invitation = await latestMessage(server, pool.Id!, 'bob');
      assert.equal(invitation.purpose, 'INVITATION');
      assert.equal(invitation.destination, 'bob@example.com');
      assert.match(invitation.message, /bob/);
      assert.equal(invitation.code, 'Temp0rary!');
      const client = await createClient(server.cognito, pool.Id!);
      const answer = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob', PASSWORD: 'Temp0rary!' } }),
      );
      assert.equal(answer.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    });

    it('generates a temporary password that satisfies the policy and sends nothing with SUPPRESS', async () => {
      const pool = await createPool(server.cognito, { Policies: { PasswordPolicy: { MinimumLength: 20 } } });
      await server.cognito.send(
        new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'quiet', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'q@example.com' }] }),
      );
      assert.deepEqual((await readOutbox(server, { poolId: pool.Id! })).body.messages, []);
      await server.cognito.send(
        new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'loud', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'l@example.com' }] }),
      );
      const { code } = await latestMessage(server, pool.Id!, 'loud');
      assert.ok(code && code.length >= 20 && /[A-Z]/.test(code) && /[a-z]/.test(code) && /[0-9]/.test(code) && /[^A-Za-z0-9]/.test(code));
    });

    it('re-sends the invitation with a new temporary password (RESEND)', async () => {
      const pool = await createPool(server.cognito);
      const client = await createClient(server.cognito, pool.Id!);
      const base = { UserPoolId: pool.Id, Username: 'again', DesiredDeliveryMediums: ['EMAIL' as const] };
      await server.cognito.send(new AdminCreateUserCommand({ ...base, UserAttributes: [{ Name: 'email', Value: 'a@example.com' }] }));
      await server.cognito.send(new AdminCreateUserCommand({ ...base, MessageAction: 'RESEND', TemporaryPassword: 'Resent0!x' }));
      assert.equal((await latestMessage(server, pool.Id!, 'again')).code, 'Resent0!x');
      const answer = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'again', PASSWORD: 'Resent0!x' } }),
      );
      assert.equal(answer.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      await expectError(server.cognito.send(new AdminCreateUserCommand({ ...base, Username: 'nobody', MessageAction: 'RESEND' })), 'UserNotFoundException', 'User does not exist.');
      await createUser(server.cognito, pool.Id!, 'settled');
      await expectError(server.cognito.send(new AdminCreateUserCommand({ ...base, Username: 'settled', MessageAction: 'RESEND' })), 'UnsupportedUserStateException');
    });

    it('refuses a taken username, a weak password, unknown attributes and an unknown pool', async () => {
      const pool = await createPool(server.cognito);
      await createUser(server.cognito, pool.Id!, 'taken');
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'taken' })),
        'UsernameExistsException',
        'User account already exists',
      );
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'weak', TemporaryPassword: 'Short1!' })),
        'InvalidPasswordException',
        'Password did not conform with password policy: Password not long enough',
      );
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'odd', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })),
        'InvalidParameterException',
        'Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema.\n',
      );
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'tel', UserAttributes: [{ Name: 'phone_number', Value: '555-1234' }] })),
        'InvalidParameterException',
        'Invalid phone number format.',
      );
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: 'us-east-1_missing00', Username: 'x' })),
        'ResourceNotFoundException',
        'User pool us-east-1_missing00 does not exist.',
      );
      const { Users } = await server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id }));
      assert.deepEqual(Users!.map((u) => u.Username), ['taken']);
    });

    it('gives email-as-username users a UUID username equal to their sub', async () => {
      const pool = await createPool(server.cognito, { UsernameAttributes: ['email'] });
      const { User } = await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'eve@example.com', MessageAction: 'SUPPRESS' }));
      assert.equal(User!.Username, attr(User!.Attributes, 'sub'));
      assert.equal(attr(User!.Attributes, 'email'), 'eve@example.com');
      const got = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'eve@example.com' }));
      assert.equal(got.Username, User!.Username);
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'EVE@example.com', MessageAction: 'SUPPRESS' })),
        'UsernameExistsException',
        'An account with the given email already exists.',
      );
      await expectError(
        server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'plainname' })),
        'InvalidParameterException',
        'Username should be either an email or a phone number.',
      );
    });
  });

  describe('AdminGetUser and AdminSetUserPassword', () => {
    it('describes a user and moves them between FORCE_CHANGE_PASSWORD and CONFIRMED', async () => {
      const pool = await createPool(server.cognito);
      await server.cognito.send(
        new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'carol', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'name', Value: 'Carol' }] }),
      );
      const got = await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'carol' }));
      assert.equal(got.Username, 'carol');
      assert.equal(got.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(got.Enabled, true);
      assert.equal(attr(got.UserAttributes, 'name'), 'Carol');
      assert.ok(attr(got.UserAttributes, 'sub'));
      assert.ok(got.UserCreateDate instanceof Date && got.UserLastModifiedDate instanceof Date);
      assert.equal(got.MFAOptions, undefined);

      await server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'carol', Password: PASSWORD, Permanent: true }));
      assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'carol' }))).UserStatus, 'CONFIRMED');
      const client = await createClient(server.cognito, pool.Id!);
      assert.ok((await signIn(server.cognito, client.ClientId!, 'carol')).AccessToken);

      await server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'carol', Password: 'Another1!', Permanent: false }));
      assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'carol' }))).UserStatus, 'FORCE_CHANGE_PASSWORD');
      const answer = await server.cognito.send(
        new InitiateAuthCommand({ ClientId: client.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Another1!' } }),
      );
      assert.equal(answer.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    });

    it('answers UserNotFoundException and InvalidPasswordException', async () => {
      const pool = await createPool(server.cognito);
      await createUser(server.cognito, pool.Id!, 'dan');
      await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException', 'User does not exist.');
      await expectError(
        server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'ghost', Password: PASSWORD, Permanent: true })),
        'UserNotFoundException',
        'User does not exist.',
      );
      await expectError(
        server.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: 'dan', Password: 'nouppercase1!', Permanent: true })),
        'InvalidPasswordException',
        'Password does not conform to policy: Password must have uppercase characters',
      );
      await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_missing00', Username: 'dan' })), 'ResourceNotFoundException');
    });
  });

  describe('AdminDeleteUser, AdminDisableUser, AdminEnableUser', () => {
    it('disabling refuses sign-in and revokes tokens; enabling restores sign-in', async () => {
      const { pool, client, accessToken } = await signedInUser(server.cognito);
      await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
      assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' }))).Enabled, false);
      await expectError(signIn(server.cognito, client.ClientId!, 'alice'), 'NotAuthorizedException', 'User is disabled.');
      await server.cognito.send(new AdminEnableUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
      await expectError(server.cognito.send(new GetUserCommand({ AccessToken: accessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
      const fresh = await signIn(server.cognito, client.ClientId!, 'alice');
      assert.equal((await server.cognito.send(new GetUserCommand({ AccessToken: fresh.AccessToken }))).Username, 'alice');
      await expectError(server.cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
      await expectError(server.cognito.send(new AdminEnableUserCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
    });

    it('deletes a user, whose tokens then stop working', async () => {
      const { pool, accessToken } = await signedInUser(server.cognito);
      await server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: 'alice' }));
      await expectError(server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'alice' })), 'UserNotFoundException');
      await expectError(server.cognito.send(new GetUserCommand({ AccessToken: accessToken })), 'NotAuthorizedException');
      await expectError(server.cognito.send(new AdminDeleteUserCommand({ UserPoolId: pool.Id, Username: 'alice' })), 'UserNotFoundException', 'User does not exist.');
    });
  });

  describe('AdminConfirmSignUp', () => {
    it('confirms an UNCONFIRMED user once', async () => {
      const pool = await createPool(server.cognito);
      const client = await createClient(server.cognito, pool.Id!);
      await server.cognito.send(new SignUpCommand({ ClientId: client.ClientId, Username: 'frank', Password: PASSWORD }));
      await server.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'frank' }));
      assert.equal((await server.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: 'frank' }))).UserStatus, 'CONFIRMED');
      assert.ok((await signIn(server.cognito, client.ClientId!, 'frank')).AccessToken);
      await expectError(
        server.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'frank' })),
        'NotAuthorizedException',
        'User cannot be confirmed. Current status is CONFIRMED',
      );
      await expectError(server.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.Id, Username: 'ghost' })), 'UserNotFoundException');
    });
  });

  describe('ListUsers', () => {
    it('filters, projects attributes and pages with opaque tokens', async () => {
      const pool = await createPool(server.cognito);
      for (const [name, email, given] of [
        ['u1', 'ann@example.com', 'Ann'],
        ['u2', 'andy@example.org', 'Andy'],
        ['u3', 'bea@example.com', 'Bea'],
      ] as const) {
        await createUser(server.cognito, pool.Id!, name, { email, given_name: given });
      }
      await server.cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.Id, Username: 'u4', MessageAction: 'SUPPRESS' }));
      await server.cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.Id, Username: 'u3' }));
      const list = async (input: Record<string, unknown>) =>
        (await server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id, ...input }))).Users!.map((u) => u.Username);

      assert.deepEqual(await list({}), ['u1', 'u2', 'u3', 'u4']);
      assert.deepEqual(await list({ Filter: 'email = "ann@example.com"' }), ['u1']);
      // A prefix filter lists by the matching value ("Andy" before "Ann"), then by username.
      assert.deepEqual(await list({ Filter: 'given_name ^= "An"' }), ['u2', 'u1']);
      assert.deepEqual(await list({ Filter: 'cognito:user_status = "FORCE_CHANGE_PASSWORD"' }), ['u4']);
      assert.deepEqual(await list({ Filter: 'status = "Disabled"' }), ['u3']);
      assert.deepEqual(await list({ Filter: 'username ^= "u"', Limit: 0 }), ['u1', 'u2', 'u3', 'u4']);

      const { Users } = await server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id, AttributesToGet: ['email'], Filter: 'username = "u1"' }));
      assert.deepEqual(Users![0]!.Attributes, [{ Name: 'email', Value: 'ann@example.com' }]);
      assert.equal(Users![0]!.UserStatus, 'CONFIRMED');

      const first = await server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id, Limit: 3 }));
      assert.deepEqual(first.Users!.map((u) => u.Username), ['u1', 'u2', 'u3']);
      assert.ok(first.PaginationToken);
      const second = await server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id, Limit: 3, PaginationToken: first.PaginationToken }));
      assert.deepEqual(second.Users!.map((u) => u.Username), ['u4']);
      assert.equal(second.PaginationToken, undefined);

      const token = first.PaginationToken!;
      const tampered = `${token.slice(0, 2)}${token[2] === 'A' ? 'B' : 'A'}${token.slice(3)}`;
      await expectError(server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id, PaginationToken: tampered })), 'InvalidParameterException');
      const otherPool = await createPool(server.cognito);
      await expectError(server.cognito.send(new ListUsersCommand({ UserPoolId: otherPool.Id, PaginationToken: token })), 'InvalidParameterException');
    });

    it('refuses a malformed filter, an unsearchable attribute, an unknown attribute and a bad limit', async () => {
      const pool = await createPool(server.cognito);
      const send = (input: Record<string, unknown>) => server.cognito.send(new ListUsersCommand({ UserPoolId: pool.Id, ...input }));
      await expectError(send({ Filter: 'email == ann' }), 'InvalidParameterException', 'Error while parsing filter.');
      await expectError(send({ Filter: 'custom:x = "1"' }), 'InvalidParameterException');
      await expectError(send({ AttributesToGet: ['custom:nothing'] }), 'InvalidParameterException');
      await expectError(send({ Limit: 61 }), 'InvalidParameterException');
      await expectError(server.cognito.send(new ListUsersCommand({ UserPoolId: 'us-east-1_missing00' })), 'ResourceNotFoundException');
    });
  });
});
